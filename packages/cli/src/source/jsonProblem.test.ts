import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { rawFrom } from './source';

const beyondAscii = (c: string) => (c.codePointAt(0) ?? 0) > 0x7f;

const damaged = [
  (v: string) => `${v} is here`,
  (v: string) => `{"a":${v}}`,
  (v: string) => `{"name":"${v}"`,
  (v: string) => `{"name":"${v}\\x"}`,
  (v: string) => `{"name":"${v}"} trailing`,
  (v: string) => `{"name":"${v}\u0001"}`,
  (v: string) => `"${v}`,
  (v: string) => `${v.repeat(40)}`,
];

test.prop([
  fc.string({ unit: 'grapheme', minLength: 2, maxLength: 12 }).filter((v) => [...v].filter(beyondAscii).length >= 2),
  fc.constantFrom(...damaged),
])('a record that is not JSON is reported without any piece of its text', (value, damage) => {
  const raw = rawFrom(damage(value), 'line 3');
  const reason = raw.corrupt;
  fc.pre(reason !== undefined);
  expect(reason).toMatch(/^is not valid JSON \(/);
  // Not even two of its characters in a row (those outside ASCII: the message's own words are ASCII).
  const letters = [...value].filter(beyondAscii);
  for (let i = 0; i + 1 < letters.length; i++) expect(reason).not.toContain(`${letters[i]}${letters[i + 1]}`);
});

test('what is wrong and where stays: the position and what was expected', () => {
  expect(rawFrom('{"name":"王芳"', 'line 1').corrupt).toMatch(
    /Expected ',' or '}' after property value in JSON at position \d+/,
  );
  expect(rawFrom('王芳', 'line 1').corrupt).toBe('is not valid JSON (an unexpected character)');
});
