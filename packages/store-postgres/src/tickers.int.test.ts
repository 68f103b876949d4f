import {
  businessCalendar,
  createEngine,
  deadlinePolicy,
  isRedressError,
  type Engine,
  type EventStore,
} from '@redress/core';
import { afterAll, expect, test } from 'vitest';
import { postgresStore, type PostgresStore } from './postgresStore';
import { describePg, dropSchema, testPool, uniqueSchema } from './testing/pgTest';

const agent = { id: 'agent-7', role: 'agent' } as const;
const handler = { id: 'handler-1', role: 'handler' } as const;
const policy = deadlinePolicy({
  calendar: businessCalendar({ timeZone: 'Europe/London' }),
  rules: { decide: { within: { calendarDays: 2 }, escalate: true }, resolve: { within: { calendarDays: 5 } } },
});

describePg('several instances ticking one database', () => {
  const schema = uniqueSchema('tickers');
  const admin = testPool(1);
  const stores: PostgresStore[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
    await dropSchema(admin, schema);
    await admin.end();
  });

  test('three engines tick the same due clocks at once: each warning, breach and escalation is appended once', async () => {
    let now = new Date('2026-03-02T09:00:00Z');
    let conflicts = 0;
    const engines: Engine[] = [0, 1, 2].map(() => {
      const store = postgresStore({ pool: testPool(3), schema });
      stores.push(store);
      // Counting the version conflicts the race causes: the test proves nothing without them.
      const counted: EventStore = {
        ...store,
        append: (id, events, options) =>
          store.append(id, events, options).catch((error: unknown) => {
            if (isRedressError(error, 'CONFLICT')) conflicts++;
            throw error;
          }),
      };
      return createEngine({ store: counted, clock: () => now, deadlines: policy, privacy: 'plaintext' });
    });
    const [first] = engines as [Engine];
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const { complaintId } = await first.execute({
        type: 'receive',
        actor: agent,
        channel: 'web',
        category: 'billing',
        complainant: { name: `Customer ${i}` },
        summary: 'Charged twice',
      });
      ids.push(complaintId);
      // Half of them accepted: their decide clock is met, their resolve clock runs.
      if (i % 2 === 0)
        await first.execute({ type: 'accept', actor: handler, complaintId, department: 'billing', priority: 'normal' });
    }
    // Every engine has read the complaints before the clocks fall due, so each holds them in its index.
    await Promise.all(engines.map((e) => e.tick()));
    for (const at of ['2026-03-03T23:00:00Z', '2026-03-04T10:00:00Z', '2026-03-08T10:00:00Z', '2026-03-09T10:00:00Z']) {
      now = new Date(at);
      await Promise.all(engines.map((e) => e.tick()));
    }
    expect(conflicts).toBeGreaterThan(0);
    for (const [i, id] of ids.entries()) {
      const history = await first.history(id);
      const count = (type: string, kind: string) =>
        history.filter((e) => e.type === type && (e.data as { deadline?: string }).deadline === kind).length;
      const open = i % 2 === 1 ? 'decide' : 'resolve';
      expect({ id, warned: count('DeadlineWarned', open), breached: count('DeadlineBreached', open) }).toEqual({
        id,
        warned: 1,
        breached: 1,
      });
      if (open === 'decide') expect(history.filter((e) => e.type === 'ComplaintEscalated')).toHaveLength(1);
      // No version gap or repeat: the log is one chain.
      expect(history.map((e) => e.version)).toEqual(history.map((_, v) => v + 1));
      expect(await first.verify(id)).toMatchObject({ ok: true });
    }
  });
});
