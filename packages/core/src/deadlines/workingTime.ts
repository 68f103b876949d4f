import { RedressError } from '../errors/redressError';
import { addDays, type DateKey } from './zone';

/** The days of a calendar as working-time arithmetic walks them. */
export interface WorkingDays {
  /** Working intervals `[start, end)` of a date, as instants. Empty on days off. */
  intervals(date: DateKey): readonly (readonly [number, number])[];
  /** The local date of an instant. */
  dateOf(at: number): DateKey;
}

/** Longest stretch of days off the calendar walks through before it gives up. */
export const MAX_DAYS_OFF = 800;

/**
 * Arithmetic in working time, walking the calendar's days. The answer of `add`
 * is the earliest instant that reaches the amount, so it always lies inside or at
 * the close of a working interval, and `add(add(t, a), b) = add(t, a + b)`.
 */
export const workingTime = {
  add(calendar: WorkingDays, from: number, ms: number): number {
    if (ms <= 0) return from;
    let left = ms;
    let date = calendar.dateOf(from);
    for (let idle = 0; idle <= MAX_DAYS_OFF; date = addDays(date, 1)) {
      const spans = calendar.intervals(date);
      idle = spans.length === 0 ? idle + 1 : 0;
      for (const [s, e] of spans) {
        if (e <= from) continue;
        const start = Math.max(s, from);
        if (left <= e - start) return start + left;
        left -= e - start;
      }
    }
    throw new RedressError(
      'VALIDATION',
      `The calendar has no working time for ${MAX_DAYS_OFF} days after ${calendar.dateOf(from)}; check its holidays`,
    );
  },

  between(calendar: WorkingDays, from: number, to: number): number {
    if (!(to > from)) return 0;
    let total = 0;
    const last = calendar.dateOf(to);
    // Start a day early: a wall-clock interval of the previous date can reach past midnight only at 24:00.
    for (let date = addDays(calendar.dateOf(from), -1); ; date = addDays(date, 1)) {
      for (const [s, e] of calendar.intervals(date)) total += Math.max(0, Math.min(e, to) - Math.max(s, from));
      if (date === last) return total;
    }
  },
};
