import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Actor } from '../domain/roles';
import { createEngine } from '../engine/createEngine';
import { sequentialIds } from '../engine/ids';
import { memoryStore } from '../store/memoryStore';
import { businessCalendar } from './calendar';
import { deadlinePolicy } from './deadlinePolicy';
import type { DeadlineRules } from './deadlineRules';
import type { Duration } from './duration';

const agent: Actor = { id: 'agent-1', role: 'agent' };
const calendar = businessCalendar({
  timeZone: 'Asia/Shanghai',
  holidays: ['2026-01-01', '2026-01-02'],
  extraWorkingDays: ['2026-01-04'],
});
const START = Date.parse('2025-12-29T01:00:00Z');
const HOUR = 3_600_000;

const durationArb: fc.Arbitrary<Duration> = fc.oneof(
  fc.integer({ min: 1, max: 10 }).map((n) => ({ calendarDays: n })),
  fc.integer({ min: 1, max: 8 }).map((n) => ({ businessDays: n })),
  fc.integer({ min: 1, max: 40 }).map((n) => ({ workingHours: n })),
  fc.integer({ min: 1, max: 100 }).map((n) => ({ hours: n })),
);
const rulesArb: fc.Arbitrary<DeadlineRules> = fc.record({
  decide: fc.record({ within: durationArb, escalate: fc.boolean() }),
  resolve: fc.record({ within: durationArb, warnShare: fc.double({ min: 0.1, max: 1, noNaN: true }) }),
});
/** Complaints received at offsets (hours) from START, then tick times (hours). */
const scenarioArb = fc.record({
  rules: rulesArb,
  received: fc.array(fc.integer({ min: 0, max: 72 }), { minLength: 1, maxLength: 6 }),
  ticks: fc.uniqueArray(fc.integer({ min: 0, max: 24 * 30 }), { minLength: 1, maxLength: 12 }),
});

const run = async (rules: DeadlineRules, received: readonly number[], ticks: readonly number[]) => {
  let now = START;
  const engine = createEngine({
    store: memoryStore(),
    ids: sequentialIds(),
    clock: () => new Date(now),
    deadlines: deadlinePolicy({ calendar, rules }),
  });
  for (const h of [...received].sort((a, b) => a - b)) {
    now = START + h * HOUR;
    await engine.execute({
      type: 'receive',
      actor: agent,
      channel: 'web',
      category: 'billing',
      complainant: { name: 'A' },
      summary: 'x',
    });
  }
  const out = [];
  for (const h of ticks) {
    now = Math.max(now, START + h * HOUR);
    const { events } = await engine.tick();
    out.push(...events.map((e) => ({ streamId: e.streamId, type: e.type, occurredAt: e.occurredAt, data: e.data })));
    expect((await engine.tick()).events).toEqual([]);
  }
  return out.sort((a, b) => (a.streamId === b.streamId ? 0 : a.streamId < b.streamId ? -1 : 1));
};

describe('tick', () => {
  test.prop([scenarioArb], { numRuns: 40 })(
    'ticking late records what ticking on time would have, and ticking again records nothing',
    async ({ rules, received, ticks }) => {
      const sorted = [...ticks].sort((a, b) => a - b);
      const last = sorted.at(-1) as number;
      const often = await run(rules, received, sorted);
      const once = await run(rules, received, [last]);
      expect(once).toEqual(often);
    },
  );
});
