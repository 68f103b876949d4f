import { RedressError } from '../errors/redressError';
import type { DueMoment, DueReschedule } from './eventStore';
import { shownValue } from './optionChecks';

/** Most streams one `due` call lists. */
export const MAX_DUE_LIMIT = 10_000;
/** The range of a JavaScript Date, in ms since the epoch. */
const MAX_MOMENT = 8.64e15;

const isMoment = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && Math.abs(value) <= MAX_MOMENT;

/**
 * The check of an append's `nextDueAt`: absent, `null`, or a whole number of ms
 * within a Date's range. Every store with `dueMoments` makes it before it writes.
 *
 * @example
 * checkNextDueAt(options.nextDueAt); // throws VALIDATION for NaN, 1.5 or '2026-01-01'
 */
export const checkNextDueAt = (value: unknown): void => {
  if (value === undefined || value === null || isMoment(value)) return;
  throw new RedressError(
    'VALIDATION',
    `nextDueAt must be null or a whole number of ms since the epoch, got ${shownValue(value)}; nothing was appended`,
    { option: 'nextDueAt' },
  );
};

/**
 * The checks of `dueMoments.due`: a valid `now`, `limit` from 1 to 10,000, and
 * `after` (if given) a stream id and a moment as `due` returned them.
 *
 * @example
 * checkDueArgs(new Date(), { limit: 500 });
 */
export const checkDueArgs = (now: unknown, options: { limit?: unknown; after?: unknown } | undefined): void => {
  if (!(now instanceof Date) || Number.isNaN(now.getTime()))
    throw new RedressError('VALIDATION', 'dueMoments.due needs now: a valid Date', { option: 'now' });
  const limit = options?.limit;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1 || limit > MAX_DUE_LIMIT)
    throw new RedressError(
      'VALIDATION',
      `dueMoments.due needs limit: a whole number from 1 to ${MAX_DUE_LIMIT.toLocaleString('en')}, got ${shownValue(limit)}`,
      { option: 'limit', min: 1, max: MAX_DUE_LIMIT },
    );
  const after = options?.after as Partial<DueMoment> | undefined;
  if (after !== undefined && (typeof after?.streamId !== 'string' || !isMoment(after.dueAt)))
    throw new RedressError(
      'VALIDATION',
      'dueMoments.due: after must be an entry due() returned ({ streamId, dueAt }), or left out',
      { option: 'after' },
    );
};

/**
 * The check of `dueMoments.reschedule`'s entries: each a non-empty stream id, a
 * version (a whole number ≥ 0) and `dueAt` null or a whole number of ms.
 *
 * @example
 * checkReschedules([{ streamId: 'C-1', version: 4, dueAt: null }]);
 */
export const checkReschedules = (entries: unknown): readonly DueReschedule[] => {
  if (!Array.isArray(entries))
    throw new RedressError('VALIDATION', 'dueMoments.reschedule needs an array of { streamId, version, dueAt }', {
      option: 'entries',
    });
  entries.forEach((entry: Partial<DueReschedule> | null | undefined, i) => {
    const ok =
      typeof entry?.streamId === 'string' &&
      entry.streamId.length > 0 &&
      typeof entry.version === 'number' &&
      Number.isSafeInteger(entry.version) &&
      entry.version >= 0 &&
      (entry.dueAt === null || isMoment(entry.dueAt));
    if (!ok)
      throw new RedressError(
        'VALIDATION',
        `dueMoments.reschedule: entry ${i} needs a non-empty streamId, a version (a whole number ≥ 0) and dueAt (null or a whole number of ms since the epoch); nothing was changed`,
        { option: 'entries' },
      );
  });
  return entries as readonly DueReschedule[];
};
