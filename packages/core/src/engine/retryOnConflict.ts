import { isRedressError } from '../errors/redressError';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long a command keeps trying when other writers keep getting to its complaint first. */
export interface ConflictRetry {
  /** Tries in all, the first included. */
  readonly maxAttempts: number;
  /** Milliseconds from the first try after which no new try is started. */
  readonly budgetMs: number;
}

/** The engine's defaults: enough for fifty writers on one complaint across processes. */
export const DEFAULT_RETRY: ConflictRetry = { maxAttempts: 100, budgetMs: 30_000 };

/** The first wait's upper bound, doubled at each retry up to {@link MAX_DELAY_MS}. */
const BASE_DELAY_MS = 2;
const MAX_DELAY_MS = 1000;

/**
 * The wait before try `n + 1`: "full jitter" exponential backoff, a random time
 * up to `2 × 2ⁿ⁻¹` ms, capped, so that writers that lost a race spread out
 * further at every loss instead of colliding again in step.
 *
 * @example
 * backoffMs(3, () => 0.5); // 4: half of the bound 8
 */
export const backoffMs = (n: number, random: () => number = Math.random): number =>
  random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(n - 1, 30));

/**
 * Whether `error` says that another writer appended to `streamId` first, so that
 * reading the stream again and retrying may succeed.
 */
const lostRace = (error: unknown, streamId: string): boolean =>
  isRedressError(error, 'CONFLICT') && error.details?.streamId === streamId;

/**
 * Run `attempt` (with its number: 1, 2, …) until it returns. When another writer
 * got to the stream first (a `CONFLICT` naming `streamId`), wait (see
 * {@link backoffMs}) and try again, reading the stream afresh, while tries and
 * time are left: `maxAttempts` tries in all, none started after `budgetMs`.
 * Any other failure, and the last conflict, is thrown. A bare number is
 * `maxAttempts` with the default budget.
 *
 * @example
 * const result = await retryOnConflict('C-1', { maxAttempts: 5, budgetMs: 1000 }, (n) => appendOnce(n > 1));
 */
export const retryOnConflict = async <T>(
  streamId: string,
  retry: ConflictRetry | number,
  attempt: (n: number) => Promise<T>,
): Promise<T> => {
  const { maxAttempts, budgetMs } = typeof retry === 'number' ? { ...DEFAULT_RETRY, maxAttempts: retry } : retry;
  const started = performance.now();
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= maxAttempts || !lostRace(error, streamId)) throw error;
      const wait = backoffMs(n);
      if (performance.now() - started + wait > budgetMs) throw error;
      await sleep(wait);
    }
  }
};
