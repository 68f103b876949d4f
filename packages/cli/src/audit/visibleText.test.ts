import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { visibleText } from './visibleText';

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

test.prop([fc.string({ unit: 'binary' })])('leaves no control, separator or bidi character, and keeps one line', (text) => {
  const shown = visibleText(text);
  expect(shown).not.toMatch(UNSAFE);
  expect(shown.split('\n')).toHaveLength(1);
});

test.prop([fc.string({ unit: 'binary' }).filter((t) => !UNSAFE.test(t))])('leaves other text as it is', (text) => {
  expect(visibleText(text)).toBe(text);
});

test('shows line breaks and escapes as escapes', () => {
  expect(visibleText('a\nb\r\tc\u001b[31md\u202ee')).toBe('a\\nb\\r\\tc\\u001b[31md\\u202ee');
});
