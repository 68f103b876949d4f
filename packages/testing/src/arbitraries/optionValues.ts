import fc from 'fast-check';

/**
 * Values a whole-number option ranging over `min`…`max` must refuse: integers
 * just outside and far outside, fractions, NaN and the infinities, numbers as
 * strings, bigints and one-element arrays of a good value (which loose checks let
 * through), objects, `null` and booleans. For testing the options of a store or
 * channel of your own.
 *
 * @example
 * test.prop([notWholeNumberIn(1, 100_000)])('pageSize', (pageSize) => {
 *   expect(() => myStore({ pageSize })).toThrow(/pageSize/);
 * });
 */
export const notWholeNumberIn = (min: number, max: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.integer({ max: min - 1 }),
    fc.integer({ min: max + 1 }),
    fc.double({ noNaN: true }).filter((n) => !Number.isInteger(n)),
    fc.constantFrom<unknown>(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.MAX_SAFE_INTEGER + 2,
      null,
      true,
      '1',
      String(max),
      'x',
      '',
    ),
    fc.string(),
    fc.bigInt({ min: BigInt(min), max: BigInt(max) }),
    fc.array(fc.integer({ min, max }), { minLength: 1, maxLength: 1 }),
    fc.object(),
  );

/**
 * The error `make` throws (a store factory given bad options, say). If it
 * returns instead, what it made is closed (when it can be) and this throws, so a
 * test of a refusal cannot pass by accident.
 *
 * @example
 * expect(refusalOf(() => sqliteStore({ path: '' })).message).toContain('path');
 */
export const refusalOf = (make: () => unknown): Error & { code?: string; details?: unknown } => {
  let made: unknown;
  try {
    made = make();
  } catch (error) {
    return error as Error & { code?: string; details?: unknown };
  }
  void (made as { close?: () => Promise<void> } | undefined)?.close?.();
  throw new Error('expected a refusal, but it made something');
};
