import { RedressError } from '../errors/redressError';
import type { LeaseOptions } from './eventStore';
import { shownValue } from './optionChecks';

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/**
 * The checks every store's `leases` makes before it touches anything: a
 * non-empty name and holder, a valid `now`, and `ttlMs` a whole number ≥ 1.
 * Returns the lease's end in ms since the epoch.
 *
 * @example
 * const until = checkLeaseArgs('publisher:nats', { holder: 'p-1', now: new Date(), ttlMs: 30_000 });
 */
export const checkLeaseArgs = (name: unknown, options: Partial<LeaseOptions> | undefined): number => {
  if (!nonEmpty(name))
    throw new RedressError('VALIDATION', `A lease needs a non-empty name, got ${shownValue(name)}`, {
      option: 'name',
    });
  if (!nonEmpty(options?.holder))
    throw new RedressError('VALIDATION', `A lease needs a non-empty holder, got ${shownValue(options?.holder)}`, {
      option: 'holder',
    });
  const now = options.now;
  if (!(now instanceof Date) || Number.isNaN(now.getTime()))
    throw new RedressError('VALIDATION', 'A lease needs now: a valid Date', { option: 'now' });
  const ttlMs = options.ttlMs;
  if (typeof ttlMs !== 'number' || !Number.isSafeInteger(ttlMs) || ttlMs < 1)
    throw new RedressError('VALIDATION', `A lease's ttlMs must be a whole number of ms ≥ 1, got ${shownValue(ttlMs)}`, {
      option: 'ttlMs',
    });
  return now.getTime() + ttlMs;
};

/**
 * The check of `release`'s arguments: a non-empty name and holder.
 *
 * @example
 * checkReleaseArgs('publisher:nats', 'p-1');
 */
export const checkReleaseArgs = (name: unknown, holder: unknown): void => {
  if (!nonEmpty(name) || !nonEmpty(holder))
    throw new RedressError('VALIDATION', 'Releasing a lease needs its non-empty name and holder', {
      option: nonEmpty(name) ? 'holder' : 'name',
    });
};
