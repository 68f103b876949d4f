import { RedressError } from '../errors/redressError';
import type { BusinessCalendar } from './calendar';
import { addDays } from './zone';

/**
 * How long a deadline runs:
 * - `calendarDays`: to the end of the n-th local day after the start date (the start
 *   day is not counted, PRC Civil Code art. 201); `rollForward`: a last day that is not
 *   a working day moves to the next working day (art. 203 ¶1); `closeOfBusiness`: the
 *   last day ends at the calendar's close of business instead of 24:00 (art. 203 ¶2);
 * - `businessDays`: to close of business on the n-th working day after the start date;
 * - `workingHours`: n hours of the calendar's working time;
 * - `hours`: n elapsed hours.
 */
export type Duration =
  | { readonly calendarDays: number; readonly rollForward?: boolean; readonly closeOfBusiness?: boolean }
  | { readonly businessDays: number }
  | { readonly workingHours: number }
  | { readonly hours: number };

/** `business` durations count working time; pauses then move them by working time too. */
export type Basis = 'calendar' | 'business';

const HOUR = 3_600_000;

/**
 * The basis a duration is counted in.
 *
 * @example
 * basisOf({ businessDays: 3 }); // 'business'
 */
export const basisOf = (d: Duration): Basis => ('businessDays' in d || 'workingHours' in d ? 'business' : 'calendar');

/**
 * The largest amount of each form: about ten years. Business time is counted day
 * by day through the calendar, so a deadline of a hundred thousand business days
 * held a receive up for twenty seconds.
 */
const MAX: ReadonlyMap<string, number> = new Map([
  ['calendarDays', 3_660],
  ['businessDays', 3_660],
  ['workingHours', 87_840],
  ['hours', 87_840],
]);

/** Throw `VALIDATION` unless `d` is one of the four forms with a positive amount, at most about ten years. */
export const checkDuration = (d: Duration, where: string): void => {
  const entries = Object.entries(d).filter(([k]) => k !== 'rollForward' && k !== 'closeOfBusiness');
  const [key, n] = entries[0] ?? [];
  const max = key === undefined ? undefined : MAX.get(key);
  const whole = key === 'calendarDays' || key === 'businessDays';
  if (
    entries.length !== 1 ||
    max === undefined ||
    typeof n !== 'number' ||
    !(n > 0) ||
    !(n <= max) ||
    (whole && !Number.isInteger(n))
  ) {
    throw new RedressError(
      'VALIDATION',
      `${where}: a duration is one of { calendarDays: n }, { businessDays: n }, { workingHours: n }, { hours: n } with n > 0 (days whole, at most 3660; hours at most 87840), got ${JSON.stringify(d)}`,
    );
  }
};

/**
 * The instant a duration started at `start` runs out, by the calendar.
 *
 * @example
 * dueAfter(calendar, Date.parse('2026-01-02T10:00:00Z'), { businessDays: 3 }); // close of business, 2026-01-07
 */
export const dueAfter = (calendar: BusinessCalendar, start: number, d: Duration): number => {
  if ('calendarDays' in d) {
    const end = calendar.endOfDay(start, d.calendarDays);
    const day = calendar.dateOf(end - 1);
    const last = d.rollForward === true ? calendar.nextWorkingDate(day) : day;
    // A last day off without roll has no business hours: it ends at 24:00.
    const close = d.closeOfBusiness === true ? calendar.intervals(last).at(-1)?.[1] : undefined;
    if (close !== undefined) return close;
    return last === day ? end : calendar.endOfDay(calendar.intervals(last)[0]?.[0] ?? end, 0);
  }
  if ('businessDays' in d) return calendar.closeOfBusinessDay(start, d.businessDays);
  if ('workingHours' in d) return calendar.addWorkingTime(start, Math.round(d.workingHours * HOUR));
  return start + Math.round(d.hours * HOUR);
};

/**
 * The moment `share` of the way from `start` to `due`, in the basis.
 *
 * @example
 * shareOf(calendar, 'business', start, due, 0.8); // when 80% of the working time is used up
 */
export const shareOf = (
  calendar: BusinessCalendar,
  basis: Basis,
  start: number,
  due: number,
  share: number,
): number => {
  if (basis === 'calendar') return start + Math.round((due - start) * share);
  return calendar.addWorkingTime(start, Math.round(calendar.workingTimeBetween(start, due) * share));
};

/**
 * How much time between `from` and `to` counts in the basis: elapsed, or working time.
 *
 * @example
 * spanIn(calendar, 'business', pausedAt, resumedAt); // working milliseconds of the pause
 */
export const spanIn = (calendar: BusinessCalendar, basis: Basis, from: number, to: number): number =>
  basis === 'calendar' ? Math.max(0, to - from) : calendar.workingTimeBetween(from, to);

/**
 * Move `at` later by `amount` of the basis (elapsed milliseconds, or working milliseconds).
 *
 * @example
 * shiftBy(calendar, 'business', dueAt, 2 * 3_600_000); // two working hours later
 */
export const shiftBy = (calendar: BusinessCalendar, basis: Basis, at: number, amount: number): number =>
  basis === 'calendar' ? at + amount : calendar.addWorkingTime(at, amount);

/**
 * When a complaint received at `at` counts as received under a rule that moves receipts
 * outside business hours: `at` itself on a working day before its close of business,
 * otherwise the opening of the next working day.
 *
 * @example
 * countedReceipt(calendar, Date.parse('2026-01-10T11:00:00Z')); // a Saturday: Monday's opening
 */
export const countedReceipt = (calendar: BusinessCalendar, at: number): number => {
  const date = calendar.dateOf(at);
  const close = calendar.intervals(date).at(-1)?.[1];
  if (close !== undefined && at < close) return at;
  const next = calendar.nextWorkingDate(addDays(date, 1));
  return (calendar.intervals(next)[0] as readonly [number, number])[0];
};
