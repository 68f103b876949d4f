import { isRedressError } from '../errors/redressError';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Whether `error` says that another writer appended to `streamId` first, so that
 * reading the stream again and retrying may succeed.
 */
const lostRace = (error: unknown, streamId: string): boolean =>
  isRedressError(error, 'CONFLICT') && error.details?.streamId === streamId;

/**
 * Run `attempt` (with its number: 1, 2, …) until it returns. When another writer
 * got to the stream first (a `CONFLICT` naming `streamId`), wait a few random
 * milliseconds, so that racing writers fall out of step, and try again, up to
 * `maxAttempts` tries in all; each retry should read the stream afresh. Any
 * other failure, and the last conflict, is thrown.
 *
 * @example
 * const result = await retryOnConflict('C-1', 5, (n) => appendOnce(n > 1));
 */
export const retryOnConflict = async <T>(
  streamId: string,
  maxAttempts: number,
  attempt: (n: number) => Promise<T>,
): Promise<T> => {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= maxAttempts || !lostRace(error, streamId)) throw error;
      await sleep(Math.random() * 2 * n);
    }
  }
};
