import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { businessCalendar, type BusinessCalendar } from './calendar';
import { dueAfter, basisOf, type Duration } from './duration';
import { addDays } from './zone';

const ZONES = ['UTC', 'Asia/Shanghai', 'Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata'];
const YEAR_START = Date.parse('2026-01-01T00:00:00Z');
const YEAR = 365 * 86_400_000;
const HOUR = 3_600_000;

/** Random but valid calendars: a zone, working weekdays, one or two spans of hours, some holidays and make-up days. */
const calendarArb = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    workingDays: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
    split: fc.boolean(),
    start: fc.integer({ min: 0, max: 10 }),
    holidays: fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { maxLength: 30 }),
    extra: fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { maxLength: 5 }),
  })
  .map((o) => {
    const h = (n: number) => `${String(n).padStart(2, '0')}:00`;
    const hours: [string, string][] = o.split
      ? [
          [h(o.start), h(o.start + 3)],
          [h(o.start + 4), h(o.start + 9)],
        ]
      : [[h(o.start), h(o.start + 8)]];
    return businessCalendar({
      timeZone: o.timeZone,
      workingDays: o.workingDays,
      hours,
      holidays: o.holidays.map((d) => addDays('2026-01-01', d)),
      extraWorkingDays: o.extra.map((d) => addDays('2026-01-01', d)),
    });
  });

const instantArb = fc.integer({ min: 0, max: YEAR }).map((n) => YEAR_START + n);
const businessArb: fc.Arbitrary<Duration> = fc.oneof(
  fc.integer({ min: 1, max: 30 }).map((n) => ({ businessDays: n })),
  fc.double({ min: 0.01, max: 200, noNaN: true }).map((n) => ({ workingHours: n })),
);

const onWorkingDay = (cal: BusinessCalendar, at: number) =>
  cal.isWorkingMoment(at) && cal.isWorkingDay(cal.dateOf(at - 1));

describe('business time', () => {
  test.prop([calendarArb, instantArb, businessArb])(
    'a deadline counted in business time never falls on a non-working moment',
    (cal, start, d) => {
      expect(basisOf(d)).toBe('business');
      const due = dueAfter(cal, start, d);
      expect(due).toBeGreaterThan(start);
      expect(onWorkingDay(cal, due)).toBe(true);
    },
  );

  test.prop([calendarArb, instantArb, fc.integer({ min: 1, max: 400 * HOUR })])(
    'adding working time then measuring it gives the same amount back',
    (cal, start, ms) => {
      const end = cal.addWorkingTime(start, ms);
      expect(cal.workingTimeBetween(start, end)).toBe(ms);
      expect(cal.isWorkingMoment(end)).toBe(true);
    },
  );

  test.prop([
    calendarArb,
    instantArb,
    fc.integer({ min: 0, max: 100 * HOUR }),
    fc.integer({ min: 0, max: 100 * HOUR }),
  ])('adding a then b of working time is adding a + b', (cal, start, a, b) => {
    expect(cal.addWorkingTime(cal.addWorkingTime(start, a), b)).toBe(cal.addWorkingTime(start, a + b));
  });

  test.prop([calendarArb, instantArb, fc.integer({ min: 1, max: 20 })])(
    'close of business of n working days lands on a working day, after n of them',
    (cal, start, n) => {
      const due = cal.closeOfBusinessDay(start, n);
      const date = cal.dateOf(due - 1);
      expect(cal.isWorkingDay(date)).toBe(true);
      let count = 0;
      for (let d = addDays(cal.dateOf(start), 1); d <= date; d = addDays(d, 1)) if (cal.isWorkingDay(d)) count++;
      expect(count).toBe(n);
    },
  );
});
