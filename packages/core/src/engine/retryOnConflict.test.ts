import { fc, test as prop } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { RedressError } from '../errors/redressError';
import { versionConflict } from '../store/conflict';
import { backoffMs, retryOnConflict } from './retryOnConflict';

/** An attempt that fails with `failures` in turn, then returns its number. */
const failingWith = (...failures: Error[]) => {
  const seen: number[] = [];
  const attempt = async (n: number) => {
    seen.push(n);
    const failure = failures[n - 1];
    if (failure !== undefined) throw failure;
    return n;
  };
  return { attempt, seen };
};

describe('retryOnConflict', () => {
  test('a conflict on the stream is tried again, with the attempt’s number, until it succeeds', async () => {
    const { attempt, seen } = failingWith(versionConflict('C-1', 1, 2), versionConflict('C-1', 2, 3));
    await expect(retryOnConflict('C-1', 5, attempt)).resolves.toBe(3);
    expect(seen).toEqual([1, 2, 3]);
  });

  test('after maxAttempts tries the last conflict is thrown', async () => {
    const last = versionConflict('C-1', 2, 3);
    const { attempt, seen } = failingWith(versionConflict('C-1', 1, 2), last, versionConflict('C-1', 3, 4));
    await expect(retryOnConflict('C-1', 2, attempt)).rejects.toBe(last);
    expect(seen).toEqual([1, 2]);
  });

  test.each([
    ['a conflict on another stream', versionConflict('C-2', 1, 2)],
    [
      'a conflict that names no stream',
      new RedressError('CONFLICT', 'commandId "x" was already used', { commandId: 'x' }),
    ],
    ['another error', new RedressError('STORE_UNAVAILABLE', 'down')],
  ])('%s is thrown at once', async (_, error) => {
    const { attempt, seen } = failingWith(error);
    await expect(retryOnConflict('C-1', 5, attempt)).rejects.toBe(error);
    expect(seen).toEqual([1]);
  });

  test('no try starts after the budget: with none left, the first conflict is thrown', async () => {
    const first = versionConflict('C-1', 1, 2);
    const { attempt, seen } = failingWith(first, versionConflict('C-1', 2, 3));
    await expect(retryOnConflict('C-1', { maxAttempts: 100, budgetMs: 0 }, attempt)).rejects.toBe(first);
    expect(seen).toEqual([1]);
  });

  test('a bare number is the tries in all, with the default budget', async () => {
    const { attempt, seen } = failingWith(versionConflict('C-1', 1, 2), versionConflict('C-1', 2, 3));
    await expect(retryOnConflict('C-1', 3, attempt)).resolves.toBe(3);
    expect(seen).toEqual([1, 2, 3]);
  });
});

describe('backoffMs', () => {
  prop.prop([fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })])(
    'the wait after the nth loss lies in [0, min(1000, 2ⁿ) ms) and grows with the random draw',
    (n, r) => {
      const wait = backoffMs(n, () => r);
      const bound = Math.min(1000, 2 ** Math.min(n, 31));
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThan(bound);
      expect(backoffMs(n, () => 0)).toBe(0);
      expect(backoffMs(n, () => 0.999_999)).toBeGreaterThan(bound * 0.99);
    },
  );

  test('the bound doubles after each loss until it reaches a second', () => {
    const bounds = [1, 2, 3, 4, 5, 9, 10, 11, 40].map((n) => backoffMs(n, () => 0.5) * 2);
    expect(bounds).toEqual([2, 4, 8, 16, 32, 512, 1000, 1000, 1000]);
  });
});
