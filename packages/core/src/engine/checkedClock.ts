import { RedressError } from '../errors/redressError';

/**
 * The engine's clock, guarded: each call returns the clock's time, or throws
 * `VALIDATION` unless it is a valid Date in the years 0000 to 9999 (an event's
 * `occurredAt` is `YYYY-MM-DDTHH:MM:SS.mmmZ`: outside these years it would be
 * written and never read back).
 *
 * @example
 * const now = checkedClock(() => new Date());
 * now().toISOString();
 */
export const checkedClock = (clock: () => Date) => (): Date => {
  const t: unknown = clock();
  if (!(t instanceof Date) || Number.isNaN(t.getTime())) {
    throw new RedressError(
      'VALIDATION',
      `The engine's clock returned ${String(t)}, not a valid Date; fix the clock option`,
    );
  }
  const year = t.getUTCFullYear();
  if (year < 0 || year > 9999) {
    throw new RedressError(
      'VALIDATION',
      `The engine's clock returned ${t.toISOString()}, outside the years 0000 to 9999 an event can record; fix the clock option`,
    );
  }
  return t;
};
