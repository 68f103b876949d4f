import { describe, expect, test } from 'vitest';
import { isRedressError } from '../errors/redressError';
import { businessCalendar } from './calendar';
import { dueAfter } from './duration';
import { localDate, zonedInstant, zoneOffset } from './zone';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

/** China, National Day 2025: Oct 1–8 off, Sunday Sep 28 and Saturday Oct 11 worked (调休). */
const shanghai = businessCalendar({
  timeZone: 'Asia/Shanghai',
  hours: [
    ['09:00', '12:00'],
    ['13:00', '18:00'],
  ],
  holidays: [
    '2025-10-01',
    '2025-10-02',
    '2025-10-03',
    '2025-10-04',
    '2025-10-05',
    '2025-10-06',
    '2025-10-07',
    '2025-10-08',
  ],
  extraWorkingDays: ['2025-09-28', '2025-10-11'],
});

describe('time zones', () => {
  test('local dates follow the zone, not UTC', () => {
    expect(localDate(t('2026-01-01T20:00:00Z'), 'Asia/Shanghai')).toBe('2026-01-02');
    expect(localDate(t('2026-01-01T20:00:00Z'), 'America/New_York')).toBe('2026-01-01');
  });
  test('offsets change with daylight saving', () => {
    expect(zoneOffset(t('2026-01-15T12:00:00Z'), 'Europe/London')).toBe(0);
    expect(zoneOffset(t('2026-07-15T12:00:00Z'), 'Europe/London')).toBe(3_600_000);
    expect(zoneOffset(t('2026-07-15T12:00:00Z'), 'America/New_York')).toBe(-4 * 3_600_000);
  });
  test('a wall time skipped by the spring jump moves forward by the jump', () => {
    expect(iso(zonedInstant('2026-03-29', 90, 'Europe/London'))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(zonedInstant('2026-03-30', 9 * 60, 'Europe/London'))).toBe('2026-03-30T08:00:00.000Z');
  });
  test('an unknown zone is a VALIDATION error that names it', () => {
    let error: unknown;
    try {
      businessCalendar({ timeZone: 'Mars/Olympus' });
    } catch (e) {
      error = e;
    }
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
    expect((error as Error).message).toContain('Mars/Olympus');
  });
});

describe('working days, holidays and make-up workdays', () => {
  test('weekends are off, make-up Sundays and Saturdays are worked, holidays are off', () => {
    expect(shanghai.isWorkingDay('2025-09-27')).toBe(false);
    expect(shanghai.isWorkingDay('2025-09-28')).toBe(true);
    expect(shanghai.isWorkingDay('2025-10-01')).toBe(false);
    expect(shanghai.isWorkingDay('2025-10-11')).toBe(true);
    expect(shanghai.isWorkingDay('2025-10-12')).toBe(false);
  });
  test('seven working days across National Day count the make-up days and skip the holidays', () => {
    // Received Friday 26 Sep: Sun 28 (make-up), Mon 29, Tue 30, Thu 9, Fri 10, Sat 11 (make-up), Mon 13.
    const due = dueAfter(shanghai, t('2025-09-26T02:00:00Z'), { businessDays: 7 });
    expect(iso(due)).toBe('2025-10-13T10:00:00.000Z');
  });
  test('working hours skip the lunch break and the night', () => {
    // 11:00 Shanghai + 2 working hours: one before lunch, one after → 14:00.
    expect(iso(shanghai.addWorkingTime(t('2025-09-29T03:00:00Z'), 2 * 3_600_000))).toBe('2025-09-29T06:00:00.000Z');
    // 17:00 Tuesday 30 Sep + 2h: one hour, then the holidays, then 09:00–10:00 Thursday 9 Oct.
    expect(iso(shanghai.addWorkingTime(t('2025-09-30T09:00:00Z'), 2 * 3_600_000))).toBe('2025-10-09T02:00:00.000Z');
    expect(shanghai.workingTimeBetween(t('2025-09-30T09:00:00Z'), t('2025-10-09T02:00:00Z'))).toBe(2 * 3_600_000);
  });
  test('a weekend between Friday afternoon and Monday morning is not working time', () => {
    const ny = businessCalendar({ timeZone: 'America/New_York' });
    // Friday 16:00 EST + 2h → Monday 10:00 EST.
    expect(iso(ny.addWorkingTime(t('2026-01-09T21:00:00Z'), 2 * 3_600_000))).toBe('2026-01-12T15:00:00.000Z');
  });
  test('calendar days may roll a due date off a holiday onto the next working day', () => {
    // 15 days from 20 Sep 2025 end on Sun 5 Oct (a holiday): rolled forward to the end of Thu 9 Oct.
    const plain = dueAfter(shanghai, t('2025-09-20T02:00:00Z'), { calendarDays: 15 });
    const rolled = dueAfter(shanghai, t('2025-09-20T02:00:00Z'), { calendarDays: 15, rollForward: true });
    expect(iso(plain)).toBe('2025-10-05T16:00:00.000Z');
    expect(iso(rolled)).toBe('2025-10-09T16:00:00.000Z');
  });
  test('bad calendars are refused with a message that says what to fix', () => {
    expect(() => businessCalendar({ hours: [['17:00', '09:00']] })).toThrow(/ordered/);
    expect(() => businessCalendar({ hours: [['9am', '17:00']] })).toThrow(/HH:MM/);
    expect(() => businessCalendar({ workingDays: [] })).toThrow(/working weekday/);
    expect(() => businessCalendar({ holidays: ['2025-02-30'] })).toThrow(/dates like/);
  });
});

describe('daylight saving', () => {
  const london = businessCalendar({ timeZone: 'Europe/London' });
  test('working hours across the spring change keep 09:00 local on both sides', () => {
    // Friday 27 Mar 16:00 GMT + 2 working hours → Monday 30 Mar 10:00 BST (09:00Z).
    expect(iso(london.addWorkingTime(t('2026-03-27T16:00:00Z'), 2 * 3_600_000))).toBe('2026-03-30T09:00:00.000Z');
  });
  test('close of business moves by an hour in UTC when the clocks go back', () => {
    // Thursday 22 Oct (BST) + 3 business days → Tuesday 27 Oct 17:00 GMT.
    expect(iso(london.closeOfBusinessDay(t('2026-10-22T10:00:00Z'), 3))).toBe('2026-10-27T17:00:00.000Z');
    expect(iso(london.closeOfBusinessDay(t('2026-10-20T10:00:00Z'), 1))).toBe('2026-10-21T16:00:00.000Z');
  });
  test('a calendar day that loses an hour still ends at local midnight', () => {
    const ny = businessCalendar({ timeZone: 'America/New_York' });
    // Saturday 7 Mar 12:00 EST + 1 calendar day → end of Sunday 8 Mar = Monday 00:00 EDT.
    expect(iso(dueAfter(ny, t('2026-03-07T17:00:00Z'), { calendarDays: 1 }))).toBe('2026-03-09T04:00:00.000Z');
    expect(ny.endOfDay(t('2026-03-08T12:00:00Z'), 0) - ny.endOfDay(t('2026-03-07T12:00:00Z'), 0)).toBe(23 * 3_600_000);
  });
});
