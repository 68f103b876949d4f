import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { htmlText, safeJson, visibleLines, visibleText } from './visibleText';

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** Any text, with the characters that matter here much more often than chance would give them. */
const hostile = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      '\n',
      '\r',
      '\u001b',
      '\u009b',
      '\u202e',
      '\u2066',
      '\u200f',
      '\u2028',
      '\u0000',
      '\u007f',
      '[',
      '"',
      '\\',
    ),
    fc.string({ unit: 'binary', maxLength: 1 }),
  ),
});

test.prop([hostile])('leaves no control, separator or bidi character, and keeps one line', (text) => {
  const shown = visibleText(text);
  expect(shown).not.toMatch(UNSAFE);
  expect(shown.split('\n')).toHaveLength(1);
});

test.prop([fc.string({ unit: 'binary' }).filter((t) => !UNSAFE.test(t))])('leaves other text as it is', (text) => {
  expect(visibleText(text)).toBe(text);
});

test('shows line breaks and escapes as escapes', () => {
  expect(visibleText('a\nb\r\tc\u001b[31md\u202ee\u009b2Kf\u200fg')).toBe(
    'a\\nb\\r\\tc\\u001b[31md\\u202ee\\u009b2Kf\\u200fg',
  );
});

test.prop([fc.array(hostile, { minLength: 1 })])(
  'visibleLines keeps the lines of the report and escapes within each',
  (lines) => {
    const shown = visibleLines(lines.map(visibleText).join('\n'));
    expect(shown.split('\n')).toEqual(lines.map(visibleText));
  },
);

test.prop([
  fc.jsonValue({
    stringUnit: fc.oneof(
      fc.constantFrom('\u001b', '\u009b', '\u202e', '\u2028', '\u0085'),
      fc.string({ unit: 'binary', maxLength: 1 }),
    ),
  }),
  fc.constantFrom(undefined, 2),
])('safeJson leaves no unsafe character raw, and reads back to the same value', (value, indent) => {
  const text = safeJson(value, indent);
  // Indented JSON has line breaks of its own, between values.
  expect(text.replaceAll('\n', '')).not.toMatch(UNSAFE);
  expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
});

describe('htmlText and what an HTML parser refuses in its input', () => {
  test('noncharacters and lone surrogates are shown as escapes, not put in the page', () => {
    expect(htmlText('C-\ufdd0')).toBe('C-\\ufdd0');
    expect(htmlText('x\u{1fffe}y\uffff')).toBe('x\\u{1fffe}y\\uffff');
    expect(htmlText('lone \ud800 high')).toBe('lone \\ud800 high');
    // A pair is one character, kept as it is.
    expect(htmlText('投诉 😀')).toBe('投诉 😀');
  });
});
