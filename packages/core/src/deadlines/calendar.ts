import { RedressError } from '../errors/redressError';
import { addDays, checkTimeZone, localDate, weekday, zonedInstant, type DateKey } from './zone';
import { MAX_DAYS_OFF, workingTime, type WorkingDays } from './workingTime';

/** How a business calendar is described. Times are wall-clock times in `timeZone`. */
export interface CalendarOptions {
  /** IANA zone, e.g. `Asia/Shanghai`. Default `UTC`. */
  readonly timeZone?: string;
  /** Working weekdays, 0 Sunday … 6 Saturday. Default Monday to Friday. */
  readonly workingDays?: readonly number[];
  /** Working hours of a working day as `[start, end]` pairs, `HH:MM`, end up to `24:00`. Default 09:00–17:00. */
  readonly hours?: readonly (readonly [string, string])[];
  /** Dates (`YYYY-MM-DD`) that are not worked although their weekday is. */
  readonly holidays?: readonly string[];
  /** Dates that are worked although their weekday is not (make-up workdays, 调休). */
  readonly extraWorkingDays?: readonly string[];
}

/** A business calendar: which moments are working time. All instants are epoch milliseconds. */
export interface BusinessCalendar extends WorkingDays {
  readonly timeZone: string;
  isWorkingDay(date: DateKey): boolean;
  /** Whether `at` lies in working time (an interval's closing moment counts). */
  isWorkingMoment(at: number): boolean;
  /** The earliest instant that is `ms` of working time after `from`. */
  addWorkingTime(from: number, ms: number): number;
  /** Working time between two instants (0 if `to` is not after `from`). */
  workingTimeBetween(from: number, to: number): number;
  /** Close of business on the `n`-th working day after the date of `from` (n ≥ 1). */
  closeOfBusinessDay(from: number, n: number): number;
  /** End (next midnight) of the local date `days` after the date of `from`. */
  endOfDay(from: number, days: number): number;
  /** The first working date on or after `date`. */
  nextWorkingDate(date: DateKey): DateKey;
}

const HHMM = /^([01]\d|2[0-4]):([0-5]\d)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const minuteOf = (hhmm: string): number => {
  const m = HHMM.exec(hhmm);
  const minutes = m === null ? Number.NaN : Number(m[1]) * 60 + Number(m[2]);
  if (!(minutes <= 1440))
    throw new RedressError('VALIDATION', `Working hours must be "HH:MM" from 00:00 to 24:00, got "${hhmm}"`);
  return minutes;
};

const dates = (list: readonly string[] | undefined, what: string): Set<string> => {
  for (const d of list ?? []) {
    if (!DATE.test(d) || addDays(d, 0) !== d)
      throw new RedressError('VALIDATION', `${what} must be dates like "2026-10-01", got "${d}"`);
  }
  return new Set(list ?? []);
};

/**
 * Build a business calendar: time zone, working days and hours, holidays and
 * make-up workdays. Offsets come from Intl, so daylight-saving changes are honoured.
 *
 * @example
 * const cn = businessCalendar({ timeZone: 'Asia/Shanghai', hours: [['09:00', '12:00'], ['13:00', '18:00']],
 *   holidays: ['2025-10-01', '2025-10-02'], extraWorkingDays: ['2025-09-28'] });
 * new Date(cn.closeOfBusinessDay(Date.parse('2025-09-30T02:00:00Z'), 1)); // 2025-10-09T10:00:00Z … after the holidays
 */
export const businessCalendar = (options: CalendarOptions = {}): BusinessCalendar => {
  const timeZone = options.timeZone ?? 'UTC';
  checkTimeZone(timeZone);
  const workingDays = new Set(options.workingDays ?? [1, 2, 3, 4, 5]);
  if (![...workingDays].some((d) => Number.isInteger(d) && d >= 0 && d <= 6)) {
    throw new RedressError(
      'VALIDATION',
      'A calendar needs at least one working weekday (0 Sunday … 6 Saturday) in workingDays',
    );
  }
  const hours = (options.hours ?? [['09:00', '17:00']]).map(([a, b]) => [minuteOf(a), minuteOf(b)] as const);
  if (hours.length === 0)
    throw new RedressError('VALIDATION', 'A calendar needs working hours, e.g. hours: [["09:00", "17:00"]]');
  hours.forEach(([a, b], i) => {
    const prev = hours[i - 1];
    if (a >= b || (prev !== undefined && a < prev[1])) {
      throw new RedressError(
        'VALIDATION',
        'Working hours must be ordered, non-overlapping [start, end] pairs with start before end',
      );
    }
  });
  const holidays = dates(options.holidays, 'holidays');
  const extra = dates(options.extraWorkingDays, 'extraWorkingDays');
  const cache = new Map<DateKey, readonly (readonly [number, number])[]>();

  const isWorkingDay = (date: DateKey) => extra.has(date) || (!holidays.has(date) && workingDays.has(weekday(date)));
  const intervals = (date: DateKey) => {
    let hit = cache.get(date);
    if (hit === undefined) {
      hit = isWorkingDay(date)
        ? hours.map(([a, b]) => [zonedInstant(date, a, timeZone), zonedInstant(date, b, timeZone)] as const)
        : [];
      if (cache.size > 20_000) cache.clear();
      cache.set(date, hit);
    }
    return hit;
  };
  const dateOf = (at: number) => localDate(at, timeZone);
  const nextWorkingDate = (date: DateKey) => {
    for (let d = date, i = 0; i <= MAX_DAYS_OFF; i++, d = addDays(d, 1)) if (isWorkingDay(d)) return d;
    throw new RedressError(
      'VALIDATION',
      `The calendar has no working day within ${MAX_DAYS_OFF} days after ${date}; check its holidays`,
    );
  };
  const calendar: BusinessCalendar = {
    timeZone,
    isWorkingDay,
    intervals,
    dateOf,
    nextWorkingDate,
    isWorkingMoment: (at) =>
      intervals(dateOf(at)).some(([s, e]) => at >= s && at <= e) ||
      intervals(addDays(dateOf(at), -1)).some(([, e]) => at === e),
    addWorkingTime: (from, ms) => workingTime.add(calendar, from, ms),
    workingTimeBetween: (from, to) => workingTime.between(calendar, from, to),
    closeOfBusinessDay: (from, n) => {
      let date = dateOf(from);
      for (let left = n; left > 0; left--) date = nextWorkingDate(addDays(date, 1));
      const last = intervals(date).at(-1);
      return (last as readonly [number, number])[1];
    },
    endOfDay: (from, days) => zonedInstant(addDays(dateOf(from), days), 1440, timeZone),
  };
  return calendar;
};
