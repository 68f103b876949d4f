import { describe, expect, test } from 'vitest';
import type { Actor } from '../domain/roles';
import { createEngine } from '../engine/createEngine';
import { isRedressError } from '../errors/redressError';
import { memoryStore } from '../store/memoryStore';
import { businessCalendar } from './calendar';
import { deadlinePolicy } from './deadlinePolicy';
import type { DeadlineRules } from './deadlineRules';

const agent: Actor = { id: 'agent-1', role: 'agent' };
const handler: Actor = { id: 'handler-1', role: 'handler' };
const calendar = businessCalendar({ timeZone: 'Asia/Shanghai' });
const RECEIVED = new Date('2026-01-05T02:00:00Z'); // Monday 10:00 in Shanghai

const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('deadline rules by category, channel and priority', () => {
  const policy = deadlinePolicy({
    calendar,
    rules: (f): DeadlineRules => ({
      decide: { within: { businessDays: f.channel === 'regulator' ? 3 : 7 } },
      resolve: { within: { calendarDays: f.priority === 'urgent' ? 2 : 10 }, from: 'accepted' },
    }),
  });
  const engine = () => {
    let now = RECEIVED;
    const e = createEngine({ store: memoryStore(), clock: () => now, deadlines: policy });
    return { e, at: (d: Date) => (now = d) };
  };

  test('a regulator referral gets 3 working days to decide, other channels 7', async () => {
    const { e } = engine();
    for (const [channel, due] of [
      ['regulator', '2026-01-08T09:00:00.000Z'],
      ['phone', '2026-01-14T09:00:00.000Z'],
    ] as const) {
      const { complaint } = await e.execute({
        type: 'receive',
        actor: agent,
        channel,
        category: 'card',
        complainant: { name: 'N' },
        summary: 's',
      });
      expect(complaint.deadlines?.decide?.dueAt).toBe(due);
      expect(complaint.deadlines?.resolve).toBeUndefined();
    }
  });

  test('a clock that starts at acceptance sees the priority given there', async () => {
    const { e, at } = engine();
    const { complaintId } = await e.execute({
      type: 'receive',
      actor: agent,
      channel: 'web',
      category: 'card',
      complainant: { name: 'N' },
      summary: 's',
    });
    at(new Date('2026-01-06T02:00:00Z'));
    const r = await e.execute({ type: 'accept', complaintId, actor: handler, department: 'cards', priority: 'urgent' });
    expect(r.events.map((x) => x.type)).toEqual(['ComplaintAccepted', 'DeadlineSet']);
    expect(r.complaint.deadlines?.resolve).toMatchObject({
      startedAt: '2026-01-06T02:00:00.000Z',
      dueAt: '2026-01-08T16:00:00.000Z',
    });
  });
});

describe('bad rules are refused with what to fix', () => {
  test.each([
    [{ decide: { within: { calendarDays: 0 } } }, /n > 0/],
    [{ decide: { within: { businessDays: 1.5 } } }, /days whole/],
    [{ decide: { within: { weeks: 2 } } }, /a duration is one of/],
    [{ decide: { within: { hours: 4 }, warnShare: 1.5 } }, /warnShare/],
    [{ decide: { within: { businessDays: 3 }, extensions: [{ calendarDays: 30 }] } }, /extensions must count like/],
    [{ answer: { within: { hours: 4 } } }, /not a deadline kind/],
    // Business time is counted day by day: a hundred thousand business days held a receive up for twenty seconds.
    [{ decide: { within: { businessDays: 3_661 } } }, /at most 3660/],
    [{ resolve: { within: { calendarDays: 30 }, extensions: [{ calendarDays: 1e9 }] } }, /at most 3660/],
    [{ decide: { within: { workingHours: 87_841 } } }, /hours at most 87840/],
    [{ decide: { within: { hours: Number.POSITIVE_INFINITY } } }, /hours at most 87840/],
  ])('%j', (rules, message) => {
    const error = thrown(() => deadlinePolicy({ calendar, rules: rules as never }));
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  test('the longest durations are accepted', () => {
    for (const within of [
      { calendarDays: 3_660 },
      { businessDays: 3_660 },
      { workingHours: 87_840 },
      { hours: 87_840 },
    ]) {
      expect(() => deadlinePolicy({ calendar, rules: { decide: { within } } })).not.toThrow();
    }
  });

  test('rules chosen per complaint are checked when used: the command fails and appends nothing', async () => {
    const store = memoryStore();
    const engine = createEngine({
      store,
      clock: () => RECEIVED,
      deadlines: deadlinePolicy({
        calendar,
        rules: (f) => ({ decide: { within: { calendarDays: f.category === 'odd' ? -1 : 5 } } }),
      }),
    });
    const error = await engine
      .execute({
        type: 'receive',
        actor: agent,
        channel: 'web',
        category: 'odd',
        complainant: { name: 'N' },
        summary: 's',
      })
      .catch((e: unknown) => e);
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
    expect(store.size).toBe(0);
  });
});
