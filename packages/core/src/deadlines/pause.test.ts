import { fc, test as prop } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import type { Actor } from '../domain/roles';
import { createEngine } from '../engine/createEngine';
import { sequentialIds } from '../engine/ids';
import { isRedressError } from '../errors/redressError';
import { memoryStore } from '../store/memoryStore';
import { businessCalendar } from './calendar';
import { deadlinePolicy } from './deadlinePolicy';
import type { DeadlineRules } from './deadlineRules';
import { chinaBankingRules } from './presets';

const agent: Actor = { id: 'agent-1', role: 'agent' };
const handler: Actor = { id: 'handler-1', role: 'handler' };
const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };
const HOUR = 3_600_000;
const calendar = businessCalendar({ timeZone: 'Europe/London', holidays: ['2026-04-03', '2026-04-06'] });
const START = Date.parse('2026-03-23T09:30:00Z');

const setup = (
  rules: DeadlineRules = {
    decide: { within: { businessDays: 5 } },
    resolve: { within: { workingHours: 30 } },
    followUp: { within: { calendarDays: 7 } },
  },
) => {
  let now = START;
  const engine = createEngine({
    store: memoryStore(),
    ids: sequentialIds(),
    clock: () => new Date(now),
    deadlines: deadlinePolicy({ calendar, rules }),
  });
  return { engine, at: (ms: number) => (now = ms) };
};
const receive = async (engine: ReturnType<typeof setup>['engine']) =>
  (
    await engine.execute({
      type: 'receive',
      actor: agent,
      channel: 'email',
      category: 'service',
      complainant: { name: 'Bo' },
      summary: 'Rude staff',
    })
  ).complaintId;

describe('pause and resume', () => {
  prop.prop([fc.integer({ min: 0, max: 60 * HOUR }), fc.integer({ min: 1, max: 200 * HOUR })], { numRuns: 30 })(
    'pausing for d and resuming moves each deadline by exactly d, counted in its own basis',
    async (wait, length) => {
      const { engine, at } = setup({
        decide: { within: { businessDays: 5 } },
        resolve: { within: { workingHours: 30 } },
        followUp: { within: { calendarDays: 7 } },
      });
      const id = await receive(engine);
      const before = (await engine.load(id)).deadlines;
      const pausedAt = START + wait;
      at(pausedAt);
      await engine.execute({ type: 'pause', complaintId: id, actor: agent, reason: 'Waiting for receipts' });
      at(pausedAt + length);
      await engine.execute({ type: 'resume', complaintId: id, actor: agent });
      const after = (await engine.load(id)).deadlines;
      for (const kind of ['decide', 'resolve'] as const) {
        const b = before?.[kind];
        const a = after?.[kind];
        if (b === undefined || a === undefined) throw new Error('missing clock');
        if (Date.parse(b.dueAt) < pausedAt) continue; // already past: a breach is not undone by a pause
        const d = calendar.workingTimeBetween(pausedAt, pausedAt + length);
        expect(calendar.workingTimeBetween(Date.parse(b.dueAt), Date.parse(a.dueAt))).toBe(d);
        expect(a.pausedFor).toBe(d);
        expect(calendar.isWorkingMoment(Date.parse(a.dueAt))).toBe(true);
      }
    },
  );

  test('a paused complaint is not warned or breached; a calendar-day clock moves by whole days and stays at 24:00', async () => {
    const { engine, at } = setup({ resolve: { within: { calendarDays: 3 } } });
    const id = await receive(engine);
    // Received Mon 23 March 2026 09:30 GMT: day 3 is Thu 26 March, due at its 24:00 = 2026-03-27T00:00Z.
    expect((await engine.load(id)).deadlines?.resolve?.dueAt).toBe('2026-03-27T00:00:00.000Z');
    at(START + 2 * HOUR);
    await engine.execute({ type: 'pause', complaintId: id, actor: agent, reason: 'Waiting' });
    at(START + 10 * 24 * HOUR);
    expect((await engine.tick()).events).toEqual([]);
    await engine.execute({ type: 'resume', complaintId: id, actor: agent });
    // Paused 9 days 22 hours: 10 whole days. Day 13 after 23 March is Sun 5 April (British Summer
    // Time since 29 March), due at its 24:00 = 2026-04-05T23:00Z, not 24:00 plus 9 days 22 hours.
    expect((await engine.load(id)).deadlines?.resolve).toMatchObject({
      dueAt: '2026-04-05T23:00:00.000Z',
      pausedFor: 10 * 24 * HOUR,
    });
  });

  test('pausing twice, or resuming what is not paused, is NOT_ALLOWED', async () => {
    const { engine } = setup();
    const id = await receive(engine);
    await expect(engine.execute({ type: 'resume', complaintId: id, actor: agent })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await engine.execute({ type: 'pause', complaintId: id, actor: agent, reason: 'Waiting' });
    await expect(
      engine.execute({ type: 'pause', complaintId: id, actor: agent, reason: 'Again' }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
  });
});

describe('extensions', () => {
  const bank = () => setup(chinaBankingRules);

  test('only a supervisor may extend, and a refused extension appends nothing', async () => {
    const { engine } = bank();
    const id = await receive(engine);
    const version = (await engine.load(id)).version;
    const error = await engine
      .execute({ type: 'extendDeadline', complaintId: id, actor: handler, deadline: 'decide', reason: 'Complex' })
      .catch((e: unknown) => e);
    expect(isRedressError(error, 'FORBIDDEN')).toBe(true);
    expect((error as Error).message).toContain('supervisor');
    expect((await engine.load(id)).version).toBe(version);
  });

  test('a deadline that is not running cannot be extended', async () => {
    const { engine } = bank();
    const id = await receive(engine);
    await expect(
      engine.execute({ type: 'extendDeadline', complaintId: id, actor: supervisor, deadline: 'resolve', reason: 'x' }),
    ).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
  });

  test('an explicit new due time must be later than the current one', async () => {
    const { engine } = bank();
    const id = await receive(engine);
    const error = await engine
      .execute({
        type: 'extendDeadline',
        complaintId: id,
        actor: supervisor,
        deadline: 'decide',
        reason: 'x',
        until: '2026-03-24T00:00:00Z',
      })
      .catch((e: unknown) => e);
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
    expect((error as Error).message).toMatch(/must move it later/);
  });

  test('the extension event is recorded for the notification policy, with the new due time after it', async () => {
    const { engine } = bank();
    const id = await receive(engine);
    const r = await engine.execute({
      type: 'extendDeadline',
      complaintId: id,
      actor: supervisor,
      deadline: 'decide',
      reason: 'Needs the branch records',
    });
    expect(r.events.map((e) => e.type)).toEqual(['DeadlineExtended', 'DeadlineSet']);
    expect(r.events[0]?.actor.role).toBe('supervisor');
  });
});
