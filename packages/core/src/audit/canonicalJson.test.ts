import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { canonicalJson } from './canonicalJson';
import { isRedressError } from '../errors/redressError';

/** The plain definition: sort keys at every level, then JSON.stringify. */
const reference = (value: unknown): string => {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
    );
  };
  return JSON.stringify(sorted(value));
};

const shuffled = (v: unknown, seed: number): unknown => {
  if (Array.isArray(v)) return v.map((x) => shuffled(x, seed));
  if (v === null || typeof v !== 'object') return v;
  const entries = Object.entries(v);
  if (seed % 2 === 1) entries.reverse();
  return Object.fromEntries(entries.map(([k, x]) => [k, shuffled(x, seed + 1)]));
};

const text = fc.string({
  unit: fc.oneof(
    fc.constantFrom('"', '\\', '\n', '\u0000', '\u2028', '\ud800', '\udc00', '😀', '王'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
});
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(text, tie('value'), { maxKeys: 5 }),
  ),
})).value;

describe('canonicalJson', () => {
  test.prop([json], { numRuns: 500 })(
    'equals sorting the keys and calling JSON.stringify, escapes included',
    (value) => {
      expect(canonicalJson(value)).toBe(reference(value));
    },
  );

  test.prop([json, fc.nat()], { numRuns: 300 })('does not depend on the order keys were inserted in', (value, seed) => {
    expect(canonicalJson(shuffled(value, seed))).toBe(canonicalJson(value));
  });

  test('leaves out undefined members and writes undefined array items as null, as JSON does', () => {
    expect(canonicalJson({ b: undefined, a: [undefined, 1] })).toBe('{"a":[null,1]}');
  });
});

describe('values JSON cannot hold', () => {
  const thrown = (work: () => unknown): unknown => {
    try {
      work();
    } catch (error) {
      return error;
    }
    throw new Error('expected a throw');
  };

  test.each([
    ['a function', () => 1],
    ['undefined', undefined],
    ['a symbol', Symbol('s')],
    ['a bigint', 1n],
  ])('canonical JSON refuses %s with VALIDATION', (_, value) => {
    const error = thrown(() => canonicalJson(value));
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
    expect((error as Error).message).toMatch(/Cannot encode \w+ as canonical JSON/);
    if (value !== undefined)
      expect(
        isRedressError(
          thrown(() => canonicalJson({ nested: [value] })),
          'VALIDATION',
        ),
      ).toBe(true);
  });
});
