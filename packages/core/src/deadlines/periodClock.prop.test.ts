import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Actor } from '../domain/roles';
import { createEngine } from '../engine/createEngine';
import { sequentialIds } from '../engine/ids';
import { memoryStore } from '../store/memoryStore';
import { businessCalendar } from './calendar';
import { deadlinePolicy } from './deadlinePolicy';
import { countedReceipt, dueAfter } from './duration';
import { addDays, localParts } from './zone';

const ZONES = ['UTC', 'Asia/Shanghai', 'Europe/London', 'America/New_York', 'Australia/Sydney'];
const DAY = 86_400_000;
const YEAR_START = Date.parse('2026-01-01T00:00:00Z');

/** Calendars with a zone, working weekdays, hours from `start` for 8 hours, and holidays and make-up days in 2026. */
const calendarArb = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    workingDays: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
    start: fc.integer({ min: 0, max: 16 }),
    holidays: fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { maxLength: 40 }),
    extra: fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { maxLength: 5 }),
  })
  .map((o) => {
    const h = (n: number) => `${String(n).padStart(2, '0')}:00`;
    return businessCalendar({
      timeZone: o.timeZone,
      workingDays: o.workingDays,
      hours: [[h(o.start), h(o.start + 8)]],
      holidays: o.holidays.map((d) => addDays('2026-01-01', d)),
      extraWorkingDays: o.extra.map((d) => addDays('2026-01-01', d)),
    });
  });
const instantArb = fc.integer({ min: 0, max: 365 * DAY }).map((n) => YEAR_START + n);

describe('calendar days by the PRC Civil Code (arts. 201, 203)', () => {
  test.prop([calendarArb, instantArb, fc.integer({ min: 1, max: 90 })])(
    'a rolled period ending at close of business ends at the close of a working day, on or after the nominal last day',
    (calendar, start, days) => {
      const due = dueAfter(calendar, start, { calendarDays: days, rollForward: true, closeOfBusiness: true });
      const last = calendar.dateOf(due - 1);
      expect(calendar.isWorkingDay(last)).toBe(true);
      expect(calendar.intervals(last).at(-1)?.[1]).toBe(due);
      const nominal = addDays(calendar.dateOf(start), days);
      expect(last >= nominal).toBe(true);
      // Every day between the nominal last day and the one it rolled to is a day off.
      for (let d = nominal; d < last; d = addDays(d, 1)) expect(calendar.isWorkingDay(d)).toBe(false);
    },
  );

  test.prop([calendarArb, instantArb])(
    'a receipt outside business hours counts from the opening of the next working day; inside, as received',
    (calendar, at) => {
      const counted = countedReceipt(calendar, at);
      expect(counted).toBeGreaterThanOrEqual(at);
      if (counted !== at) {
        const date = calendar.dateOf(counted);
        expect(calendar.isWorkingDay(date)).toBe(true);
        expect(calendar.intervals(date)[0]?.[0]).toBe(counted);
      }
    },
  );
});

const agent: Actor = { id: 'agent-1', role: 'agent' };

describe('pausing a calendar-day clock', () => {
  test.prop(
    [
      fc.constantFrom(...ZONES),
      fc.integer({ min: 0, max: 300 * DAY }),
      fc.integer({ min: 1, max: 10 * DAY }),
      fc.integer({ min: 0, max: 20 * DAY }),
      fc.integer({ min: 1, max: 40 }),
      fc.boolean(),
    ],
    { numRuns: 40 },
  )(
    'moves its end by the whole days of the pause, computed again from the rule: a 24:00 end stays at 24:00',
    async (timeZone, offset, wait, length, days, closeOfBusiness) => {
      const calendar = businessCalendar({ timeZone, holidays: ['2026-05-01', '2026-10-01', '2026-12-25'] });
      const received = YEAR_START + offset;
      let now = received;
      const within = { calendarDays: days, rollForward: true, closeOfBusiness };
      const engine = createEngine({
        store: memoryStore(),
        ids: sequentialIds(),
        clock: () => new Date(now),
        deadlines: deadlinePolicy({ calendar, rules: { resolve: { within } } }),
      });
      const { complaintId } = await engine.execute({
        type: 'receive',
        actor: agent,
        channel: 'web',
        category: 'service',
        complainant: { name: 'Bo' },
        summary: 'Late',
      });
      now = received + Math.min(wait, days * DAY - 1);
      await engine.execute({ type: 'pause', complaintId, actor: agent, reason: 'Waiting' });
      const pausedAt = now;
      now += length;
      await engine.execute({ type: 'resume', complaintId, actor: agent });
      const clock = (await engine.load(complaintId)).deadlines?.resolve;
      const whole = Math.ceil((now - pausedAt) / DAY);
      expect(clock?.pausedFor).toBe(whole * DAY);
      expect(clock?.dueAt).toBe(
        new Date(dueAfter(calendar, received, { ...within, calendarDays: days + whole })).toISOString(),
      );
      const due = Date.parse(clock?.dueAt ?? '');
      if (!closeOfBusiness) {
        const p = localParts(due, timeZone);
        expect(p.hour * 60 + p.minute).toBe(0);
      } else expect(calendar.isWorkingMoment(due)).toBe(true);
    },
  );
});
