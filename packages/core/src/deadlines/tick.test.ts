import { describe, expect, test } from 'vitest';
import type { Actor } from '../domain/roles';
import { createEngine, type Engine } from '../engine/createEngine';
import { sequentialIds } from '../engine/ids';
import { replay } from '../engine/replay';
import { isRedressError } from '../errors/redressError';
import { memoryStore } from '../store/memoryStore';
import { businessCalendar } from './calendar';
import { deadlinePolicy } from './deadlinePolicy';
import type { DeadlineRules } from './deadlineRules';
import { CLOCK_ACTOR } from './tick';

const agent: Actor = { id: 'agent-1', role: 'agent' };
const handler: Actor = { id: 'handler-1', role: 'handler' };
const calendar = businessCalendar({ timeZone: 'Europe/London' });
const rules: DeadlineRules = {
  acknowledge: { within: { workingHours: 4 } },
  decide: { within: { businessDays: 2 }, escalate: true },
  resolve: { within: { calendarDays: 10 } },
};

const setup = (store = memoryStore(), start = '2026-01-05T10:00:00Z') => {
  let now = new Date(start);
  const engine = createEngine({
    store,
    ids: sequentialIds(),
    clock: () => now,
    deadlines: deadlinePolicy({ calendar, rules }),
  });
  const receive = async () =>
    (
      await engine.execute({
        type: 'receive',
        actor: agent,
        channel: 'web',
        category: 'billing',
        complainant: { name: 'Ann' },
        summary: 'Charged twice',
      })
    ).complaintId;
  return { engine, store, receive, at: (iso: string) => (now = new Date(iso)) };
};

const brief = (e: { type: string; occurredAt: string; data: unknown }) => ({
  type: e.type,
  occurredAt: e.occurredAt,
  data: e.data,
});

describe('engine.tick', () => {
  test('records the warning at 80% and the breach, escalates under the system actor', async () => {
    const { engine, receive, at } = setup();
    const id = await receive();
    const c = await engine.load(id);
    expect(c.deadlines?.decide?.dueAt).toBe('2026-01-07T17:00:00.000Z');
    at('2026-01-08T09:00:00Z');
    const { events } = await engine.tick();
    expect(events.map((e) => [e.type, (e.data as { deadline?: string }).deadline])).toEqual([
      ['DeadlineWarned', 'decide'],
      ['DeadlineBreached', 'decide'],
      ['ComplaintEscalated', undefined],
    ]);
    expect(events.every((e) => e.actor.id === CLOCK_ACTOR.id && e.actor.role === 'system')).toBe(true);
    expect(events[1]?.occurredAt).toBe('2026-01-07T17:00:00.001Z');
    const after = await engine.load(id);
    expect(after.escalations).toBe(1);
    expect(after.deadlines?.decide?.breached).toBe(true);
  });

  test('ticking twice with the same time appends nothing more', async () => {
    const { engine, store, receive, at } = setup();
    await receive();
    await receive();
    at('2026-01-09T00:00:00Z');
    const first = await engine.tick();
    const size = store.size;
    expect(first.events.length).toBeGreaterThan(0);
    const second = await engine.tick();
    expect(second.events).toEqual([]);
    expect(store.size).toBe(size);
  });

  test('a deadline met in time is never breached', async () => {
    const { engine, receive, at } = setup();
    const id = await receive();
    at('2026-01-06T10:00:00Z');
    await engine.execute({
      type: 'accept',
      complaintId: id,
      actor: handler,
      department: 'billing',
      priority: 'normal',
    });
    at('2026-01-31T00:00:00Z');
    const { events } = await engine.tick();
    expect(events.filter((e) => (e.data as { deadline?: string }).deadline === 'decide')).toEqual([]);
    const c = await engine.load(id);
    expect(c.deadlines?.decide).toMatchObject({ status: 'met', metAt: '2026-01-06T10:00:00.000Z' });
    expect(c.deadlines?.resolve?.breached).toBe(true);
  });

  test('a late tick appends exactly what ticking on time would have', async () => {
    const onTime = setup();
    const late = setup();
    await onTime.receive();
    await late.receive();
    const moments = [
      '2026-01-05T13:30:00Z',
      '2026-01-07T09:00:00Z',
      '2026-01-07T17:00:00Z',
      '2026-01-08T00:00:00Z',
      '2026-01-14T00:00:00Z',
      '2026-01-20T00:00:00Z',
    ];
    const a = [];
    for (const m of moments) {
      onTime.at(m);
      a.push(...(await onTime.engine.tick()).events);
    }
    late.at('2026-01-20T00:00:00Z');
    const b = (await late.engine.tick()).events;
    expect(b.length).toBe(5);
    expect(b.map(brief)).toEqual(a.map(brief));
  });

  test('a tick looks only at the complaints that are due, found from the global order', async () => {
    const { engine, store, receive, at } = setup();
    for (let i = 0; i < 20; i++) await receive();
    at('2026-01-05T11:00:00Z');
    const early = await setup(store, '2026-01-05T11:00:00Z').engine.tick();
    expect(early.complaintsChecked).toBe(0);
    at('2026-01-07T13:00:00Z');
    // A second engine on the same store finds the clocks from the log alone.
    const other = setup(store, '2026-01-07T13:00:00Z');
    const r = await other.engine.tick();
    expect(r.complaintsChecked).toBe(20);
    expect(r.events.map((e) => [e.type, (e.data as { deadline: string }).deadline])).toEqual(
      Array(20).fill(['DeadlineWarned', 'decide']),
    );
    // The first engine then sees the warnings already recorded and adds nothing.
    expect((await engine.tick()).events).toEqual([]);
  });

  test('replaying the log reproduces the deadlines without the policy', async () => {
    const { engine, store, receive, at } = setup();
    const id = await receive();
    at('2026-01-08T09:00:00Z');
    await engine.tick();
    const plain = createEngine({ store });
    const fromLog = await replay(store.readStream(id));
    expect(fromLog?.deadlines).toEqual((await engine.load(id)).deadlines);
    expect((await plain.load(id)).deadlines).toEqual(fromLog?.deadlines);
  });

  test('engines ticking at once on one store record each warning once', async () => {
    const store = memoryStore();
    const a = setup(store);
    for (let i = 0; i < 10; i++) await a.receive();
    const b = setup(store);
    a.at('2026-01-07T13:00:00Z');
    b.at('2026-01-07T13:00:00Z');
    const [x, y] = await Promise.all([a.engine.tick(), b.engine.tick()]);
    expect(x.events.length + y.events.length).toBe(10);
    const warned = [];
    for await (const e of store.readAll()) if (e.type === 'DeadlineWarned') warned.push(e.streamId);
    expect(new Set(warned).size).toBe(10);
  });

  test('a tick that loses the race for a complaint reads it again and records what is due once', async () => {
    const store = memoryStore();
    let conflicts = 0;
    const counting: typeof store = {
      ...store,
      append: async (...args) => {
        try {
          return await store.append(...args);
        } catch (error) {
          if (isRedressError(error, 'CONFLICT')) conflicts++;
          throw error;
        }
      },
    };
    const a = setup(counting);
    const id = await a.receive();
    const b = setup(store);
    // A's cache still holds the complaint as it was before this note.
    const { version } = await b.engine.execute({ type: 'addNote', complaintId: id, actor: agent, text: 'Called back' });
    a.at('2026-01-07T13:00:00Z');
    const { events } = await a.engine.tick();
    expect(conflicts).toBe(1);
    expect(events.map((e) => [e.type, e.version])).toEqual([['DeadlineWarned', version + 1]]);
    expect((await a.engine.verify(id)).ok).toBe(true);
    expect((await a.engine.load(id)).deadlineWarnings).toEqual(['decide']);
  });

  test('a deadline another engine extended is not breached from a stale cache', async () => {
    const store = memoryStore();
    const a = setup(store);
    const id = await a.receive();
    await a.engine.load(id);
    const b = setup(store);
    await b.engine.execute({
      type: 'extendDeadline',
      complaintId: id,
      actor: { id: 'sup-1', role: 'supervisor' },
      deadline: 'decide',
      reason: 'Complex',
      until: '2026-01-20T17:00:00Z',
    });
    a.at('2026-01-08T09:00:00Z');
    const early = await a.engine.tick();
    expect(
      early.events.filter(
        (e) => e.type === 'DeadlineBreached' && (e.data as { deadline: string }).deadline === 'decide',
      ),
    ).toEqual([]);
    a.at('2026-01-21T00:00:00Z');
    const late = await a.engine.tick();
    expect(
      late.events.filter((e) => e.type === 'DeadlineBreached').map((e) => (e.data as { dueAt: string }).dueAt),
    ).toContain('2026-01-20T17:00:00.000Z');
  });

  test('the follow-up clock starts at the review and runs in the reviewed stage, without escalating', async () => {
    let now = new Date('2026-01-05T10:00:00Z');
    const engine = createEngine({
      store: memoryStore(),
      clock: () => now,
      deadlines: deadlinePolicy({ calendar, rules: { followUp: { within: { calendarDays: 3 }, escalate: true } } }),
    });
    const id = await (async () =>
      (
        await engine.execute({
          type: 'receive',
          actor: agent,
          channel: 'web',
          category: 'q',
          complainant: { name: 'A' },
          summary: 's',
        })
      ).complaintId)();
    const dept = { id: 'd-1', role: 'department', department: 'q' };
    const sup = { id: 's-1', role: 'supervisor' };
    const run = (cmd: Record<string, unknown>) => engine.execute({ complaintId: id, ...cmd } as never);
    await run({ type: 'accept', actor: handler, department: 'q', priority: 'low' });
    await run({ type: 'recordInvestigation', actor: dept, rootCause: 'r', responsibleParty: 'p' });
    const { proposalId } = await run({ type: 'proposeRemedy', actor: dept, remedy: { description: 'd' } });
    await run({ type: 'approveRemedy', actor: sup, proposalId });
    await run({ type: 'implementRemedy', actor: dept, actionsTaken: 'a' });
    await run({ type: 'recordCustomerResponse', actor: agent, accepted: true });
    expect((await engine.load(id)).deadlines?.followUp).toBeUndefined();
    now = new Date('2026-01-06T10:00:00Z');
    const reviewed = await run({ type: 'review', actor: sup, summary: 's', classification: 'c' });
    expect(reviewed.events.map((e) => e.type)).toEqual(['ComplaintReviewed', 'DeadlineSet']);
    now = new Date('2026-01-12T00:00:00Z');
    const { events } = await engine.tick();
    expect(events.map((e) => e.type)).toEqual(['DeadlineWarned', 'DeadlineBreached']);
    expect((await engine.load(id)).stage).toBe('reviewed');
    await run({ type: 'recordFollowUp', actor: agent, satisfaction: 3 });
    expect((await engine.load(id)).deadlines?.followUp?.status).toBe('met');
  });

  test('a repeated receive with the same commandId appends no second set of clocks', async () => {
    const { engine, store } = setup();
    const cmd = {
      type: 'receive',
      commandId: 'intake-42',
      actor: agent,
      channel: 'web',
      category: 'billing',
      complainant: { name: 'A' },
      summary: 's',
    } as const;
    const first = await engine.execute(cmd);
    const size = store.size;
    const again = await engine.execute(cmd);
    expect(again.duplicate).toBe(true);
    expect(again.events.map((e) => e.type)).toEqual(first.events.map((e) => e.type));
    expect(store.size).toBe(size);
  });

  test('tick refuses an invalid time', async () => {
    const { engine } = setup();
    const error = await engine.tick(new Date('nope')).catch((e: unknown) => e);
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
  });

  test('an engine without deadlines ticks and records nothing', async () => {
    const engine: Engine = createEngine({ store: memoryStore() });
    await engine.execute({
      type: 'receive',
      actor: agent,
      channel: 'web',
      category: 'billing',
      complainant: { name: 'A' },
      summary: 'x',
    });
    expect((await engine.tick(new Date('2030-01-01T00:00:00Z'))).events).toEqual([]);
  });
});
