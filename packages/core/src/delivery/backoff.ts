/** How long to wait between attempts. */
export interface BackoffOptions {
  /** Wait before the second attempt, before jitter. Default 1 s. */
  readonly baseMs?: number;
  /** Never wait longer than this. Default 1 hour. */
  readonly maxMs?: number;
  /** Growth per attempt. Default 2. */
  readonly factor?: number;
}

/**
 * Delay before the next try after `attempt` failed tries: exponential, capped,
 * with "equal jitter" (between half and all of the exponential delay) so that
 * many failed messages do not all come back at the same moment.
 *
 * @example
 * backoffDelay(3, { baseMs: 1000 }, Math.random); // between 2000 and 4000
 */
export const backoffDelay = (
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number => {
  const base = options.baseMs ?? 1000;
  const max = options.maxMs ?? 3_600_000;
  const factor = options.factor ?? 2;
  const exp = Math.min(max, base * factor ** Math.max(0, attempt - 1));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(exp / 2 + (r * exp) / 2);
};
