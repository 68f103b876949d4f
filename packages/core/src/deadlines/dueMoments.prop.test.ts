import { fc, test as prop } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import type { Actor } from '../domain/roles';
import { createEngine, type Engine } from '../engine/createEngine';
import { sequentialIds } from '../engine/ids';
import { isRedressError } from '../errors/redressError';
import type { EventStore } from '../store/eventStore';
import { memoryStore } from '../store/memoryStore';
import { businessCalendar } from './calendar';
import { deadlinePolicy } from './deadlinePolicy';
import type { DeadlineRules } from './deadlineRules';

const agent: Actor = { id: 'agent-1', role: 'agent' };
const handler: Actor = { id: 'handler-1', role: 'handler' };
const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };
const calendar = businessCalendar({ timeZone: 'Europe/London', holidays: ['2026-01-01'] });
const START = Date.parse('2025-12-29T09:00:00Z');
const HOUR = 3_600_000;

const rulesArb: fc.Arbitrary<DeadlineRules> = fc.record({
  acknowledge: fc.constant({ within: { workingHours: 4 } }),
  decide: fc.record({
    within: fc.oneof(
      fc.integer({ min: 1, max: 5 }).map((n) => ({ businessDays: n })),
      fc.integer({ min: 1, max: 60 }).map((n) => ({ hours: n })),
    ),
    escalate: fc.boolean(),
  }),
  resolve: fc.record({ within: fc.integer({ min: 1, max: 10 }).map((n) => ({ calendarDays: n })) }),
});

/** One step: a command on the `i`-th complaint (modulo how many there are), or a tick; `h` hours later. */
type Step =
  | { readonly k: 'receive' | 'tick'; readonly h: number }
  | { readonly k: 'accept' | 'pause' | 'resume' | 'extend' | 'withdraw'; readonly i: number; readonly h: number };
const hours = fc.integer({ min: 0, max: 30 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ k: fc.constantFrom('receive' as const, 'tick' as const), h: hours }),
  fc.record({
    k: fc.constantFrom('accept' as const, 'pause' as const, 'resume' as const, 'extend' as const, 'withdraw' as const),
    i: fc.nat(20),
    h: hours,
  }),
);

/** What each step did, the same way for either store: the events a tick recorded, or a refusal's code. */
const run = async (store: EventStore, rules: DeadlineRules, steps: readonly Step[], paging: boolean) => {
  let now = START;
  const engine: Engine = createEngine({
    store,
    ids: sequentialIds(),
    clock: () => new Date(now),
    deadlines: deadlinePolicy({ calendar, rules }),
    // Pages of two and a sweep of five events: more pages and passes than complaints.
    ...(paging ? { tickPageSize: 2, tickSweepEvents: 5 } : {}),
  });
  const ids: string[] = [];
  const out: unknown[] = [];
  for (const step of steps) {
    now += step.h * HOUR;
    const complaintId = 'i' in step ? ids[step.i % Math.max(1, ids.length)] : undefined;
    try {
      if (step.k === 'tick') {
        const { events } = await engine.tick();
        // Complaints are settled side by side: the order across them is no promise, each one's is.
        const byComplaint = [...events].sort((a, b) =>
          a.streamId === b.streamId ? a.version - b.version : a.streamId < b.streamId ? -1 : 1,
        );
        out.push(byComplaint.map((e) => [e.streamId, e.version, e.type, e.occurredAt, e.data]));
      } else if (step.k === 'receive') {
        const r = await engine.execute({
          type: 'receive',
          actor: agent,
          channel: 'web',
          category: 'billing',
          complainant: { name: 'A' },
          summary: 'x',
        });
        ids.push(r.complaintId);
      } else if (complaintId === undefined) {
        out.push('none yet');
      } else if (step.k === 'accept') {
        await engine.execute({
          type: 'accept',
          actor: handler,
          complaintId,
          department: 'billing',
          priority: 'normal',
        });
      } else if (step.k === 'pause') {
        await engine.execute({ type: 'pause', actor: agent, complaintId, reason: 'Waiting for receipts' });
      } else if (step.k === 'resume') {
        await engine.execute({ type: 'resume', actor: agent, complaintId });
      } else if (step.k === 'extend') {
        await engine.execute({
          type: 'extendDeadline',
          actor: supervisor,
          complaintId,
          deadline: 'resolve',
          reason: 'Complex',
          until: new Date(now + 72 * HOUR).toISOString(),
        });
      } else {
        await engine.execute({ type: 'withdraw', actor: agent, complaintId });
      }
    } catch (error) {
      if (!isRedressError(error)) throw error;
      out.push(error.code);
    }
  }
  return out;
};

describe('tick over the store’s due moments', () => {
  test('a tick pages through the due complaints, each checked once, and keeps no index of its own', async () => {
    let now = START;
    const store = memoryStore({ dueMoments: true });
    const engine = createEngine({
      store,
      ids: sequentialIds(),
      clock: () => new Date(now),
      deadlines: deadlinePolicy({ calendar, rules: { decide: { within: { hours: 10 } } } }),
      tickPageSize: 2,
    });
    for (let i = 0; i < 7; i++) {
      await engine.execute({
        type: 'receive',
        actor: agent,
        channel: 'web',
        category: 'billing',
        complainant: { name: 'A' },
        summary: 'x',
      });
      now += 60_000;
    }
    now = START + 9 * HOUR;
    const { events, complaintsChecked } = await engine.tick();
    expect(complaintsChecked).toBe(7);
    expect(events.map((e) => e.streamId)).toEqual(['C-1', 'C-2', 'C-3', 'C-4', 'C-5', 'C-6', 'C-7']);
    expect(events.every((e) => e.type === 'DeadlineWarned')).toBe(true);
    // Each moment moved on to the breach: nothing is due again at the same time.
    expect(await engine.tick()).toEqual({ events: [], complaintsChecked: 0 });
    expect(await store.dueMoments?.due(new Date(now), { limit: 10 })).toEqual([]);
  });

  prop.prop([rulesArb, fc.array(stepArb, { minLength: 1, maxLength: 40 }), fc.boolean()], { numRuns: 60 })(
    'records exactly what the index in memory records, tick by tick, over any run of commands',
    async (rules, steps, paging) => {
      // A last tick long after: every clock still running is breached, so each run records something.
      const all: Step[] = [{ k: 'receive', h: 0 }, ...steps, { k: 'tick', h: 2000 }];
      const inMemory = await run(memoryStore(), rules, all, paging);
      const fromStore = await run(memoryStore({ dueMoments: true }), rules, all, paging);
      expect(fromStore).toEqual(inMemory);
    },
  );
});
