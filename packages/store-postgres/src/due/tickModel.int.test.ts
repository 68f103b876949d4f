import { fc, test } from '@fast-check/vitest';
import {
  businessCalendar,
  createEngine,
  deadlinePolicy,
  isRedressError,
  memoryStore,
  sequentialIds,
  type EventStore,
} from '@redress/core';
import { expect } from 'vitest';
import { postgresStore } from '../postgresStore';
import { describePg, testSchemas } from '../testing/pgTest';

const agent = { id: 'agent-1', role: 'agent' } as const;
const handler = { id: 'handler-1', role: 'handler' } as const;
const START = Date.parse('2026-03-02T09:00:00Z');
const H = 3_600_000;
const policy = deadlinePolicy({
  calendar: businessCalendar({ timeZone: 'Europe/London' }),
  rules: { decide: { within: { hours: 20 }, escalate: true }, resolve: { within: { calendarDays: 3 } } },
});

type Step =
  | { readonly k: 'receive' | 'tick'; readonly h: number }
  | {
      readonly k: 'accept' | 'pause' | 'resume';
      readonly i: number;
      readonly h: number;
    };
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ k: fc.constantFrom('receive' as const, 'tick' as const), h: fc.integer({ min: 0, max: 30 }) }),
  fc.record({
    k: fc.constantFrom('accept' as const, 'pause' as const, 'resume' as const),
    i: fc.nat(10),
    h: fc.integer({ min: 0, max: 30 }),
  }),
);

/** Each tick's events (by complaint) and each refusal's code. */
const run = async (store: EventStore, steps: readonly Step[]) => {
  let now = START;
  const engine = createEngine({
    store,
    ids: sequentialIds(),
    clock: () => new Date(now),
    deadlines: policy,
    privacy: 'plaintext',
    tickPageSize: 2,
    tickSweepEvents: 3,
  });
  const ids: string[] = [];
  const out: unknown[] = [];
  const all: Step[] = [{ k: 'receive', h: 0 }, ...steps, { k: 'tick', h: 500 }];
  for (const step of all) {
    now += step.h * H;
    try {
      if (step.k === 'tick') {
        const { events } = await engine.tick();
        const sorted = [...events].sort((a, b) =>
          a.streamId === b.streamId ? a.version - b.version : a.streamId < b.streamId ? -1 : 1,
        );
        out.push(sorted.map((e) => [e.streamId, e.version, e.type, e.occurredAt]));
      } else if (step.k === 'receive') {
        const r = await engine.execute({
          type: 'receive',
          actor: agent,
          channel: 'web',
          category: 'billing',
          complainant: { name: 'N' },
          summary: 'x',
        });
        ids.push(r.complaintId);
      } else if ('i' in step) {
        const complaintId = ids[step.i % ids.length] as string;
        if (step.k === 'accept')
          await engine.execute({
            type: 'accept',
            actor: handler,
            complaintId,
            department: 'billing',
            priority: 'normal',
          });
        else if (step.k === 'pause')
          await engine.execute({ type: 'pause', actor: agent, complaintId, reason: 'Waiting' });
        else await engine.execute({ type: 'resume', actor: agent, complaintId });
      }
    } catch (error) {
      if (!isRedressError(error)) throw error;
      out.push(error.code);
    }
  }
  return out;
};

describePg('tick over PostgreSQL’s due moments', () => {
  const { pool, fresh } = testSchemas(4);

  test.prop([fc.array(stepArb, { minLength: 1, maxLength: 20 })], { numRuns: 10 })(
    'records exactly what the in-memory index records over the same commands',
    async (steps) => {
      const store = postgresStore({ pool, schema: fresh('due_model') });
      expect(await run(store, steps)).toEqual(await run(memoryStore(), steps));
    },
  );
});
