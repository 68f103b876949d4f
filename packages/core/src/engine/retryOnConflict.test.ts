import { describe, expect, test } from 'vitest';
import { RedressError } from '../errors/redressError';
import { versionConflict } from '../store/conflict';
import { retryOnConflict } from './retryOnConflict';

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
});
