import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import {
  isRedressError,
  projectionRunner,
  statisticsProjection,
  statisticsTable,
  type StatisticsOptions,
} from '@redress/core';
import { WEIGHTED_ACTIONS, simulator, type SimStep } from '../../../core/src/projections/simulate.testkit';
import { postgresStore } from '../postgresStore';
import { describePg, dropSchema, testPool, uniqueSchema } from '../testing/pgTest';
import { sqlStatistics } from './sqlStatistics';

const stepArb: fc.Arbitrary<SimStep> = fc.record({
  action: fc.constantFrom(...WEIGHTED_ACTIONS),
  target: fc.nat(20),
  hours: fc.integer({ min: 0, max: 60 }),
  pick: fc.nat(60),
});
/** A log: random steps of the procedure from a random start in 2025–2027, then some duplicates merged. */
const logArb = fc.record({
  start: fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 60 }),
  merges: fc.array(fc.tuple(fc.nat(20), fc.nat(20)), { maxLength: 3 }),
});
const optionsArb: fc.Arbitrary<StatisticsOptions> = fc.record(
  {
    period: fc.constantFrom('day', 'week', 'month'),
    timeZone: fc.constantFrom('UTC', 'Asia/Shanghai', 'America/New_York'),
    from: fc.date({
      min: new Date('2025-01-01T00:00:00Z'),
      max: new Date('2028-06-01T00:00:00Z'),
      noInvalidDate: true,
    }),
    to: fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-06-01T00:00:00Z'), noInvalidDate: true }),
  },
  { requiredKeys: ['period'] },
);

const handler = { id: 'handler-1', role: 'handler' } as const;

describePg('sqlStatistics', () => {
  const pool = testPool(4);
  const schemas: string[] = [];
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(pool, schema);
    await pool.end();
  });

  test('its counts equal the counting columns of statisticsTable over the same log', async () => {
    await fc.assert(
      fc.asyncProperty(logArb, fc.array(optionsArb, { minLength: 1, maxLength: 4 }), async (log, tables) => {
        const schema = uniqueSchema('stats');
        schemas.push(schema);
        const store = postgresStore({ pool, schema });
        const sim = simulator(store, log.start);
        for (const s of log.steps) await sim.play(s);
        const ids = [...new Set((await collect(store.readAll())).map((e) => e.streamId))];
        for (const [a, b] of log.merges) {
          const from = ids[a % ids.length] as string;
          const into = ids[b % ids.length] as string;
          if (from === into) continue;
          await sim.engine.execute({ type: 'merge', complaintId: from, into, actor: handler }).catch((error) => {
            if (!isRedressError(error)) throw error;
          });
        }
        const stats = projectionRunner({ store, projection: statisticsProjection() });
        await stats.catchUp();
        for (const options of tables) {
          const memory = statisticsTable(stats.state, options);
          const counts = (r: (typeof memory.rows)[number]) => ({
            period: r.period,
            category: r.category,
            department: r.department,
            received: r.received,
            outcomes: r.outcomes,
          });
          const sql = await sqlStatistics(pool, { ...options, schema });
          expect(sql.rows).toEqual(memory.rows.map(counts));
          expect(sql.totals).toEqual(counts(memory.totals));
        }
      }),
      { numRuns: 12 },
    );
  }, 60_000);

  test('a long log reaches every outcome, departments and a merge, and the counts still agree', async () => {
    const schema = uniqueSchema('stats_long');
    schemas.push(schema);
    const store = postgresStore({ pool, schema });
    const sim = simulator(store);
    for (const s of fc.sample(stepArb, { numRuns: 400, seed: 20_261_202 })) await sim.play(s);
    const receive = async () =>
      (
        await sim.engine.execute({
          type: 'receive',
          actor: { id: 'agent-1', role: 'agent' },
          channel: 'web',
          category: 'quality',
          complainant: { name: 'Zhang' },
          summary: 'Same problem again',
        })
      ).complaintId;
    await sim.engine.execute({ type: 'reject', complaintId: await receive(), actor: handler, reason: 'Not valid' });
    await sim.engine.execute({
      type: 'withdraw',
      complaintId: await receive(),
      actor: { id: 'agent-1', role: 'agent' },
    });
    // Accepted, then sent on: the department counted is the last one.
    const moved = await receive();
    await sim.engine.execute({
      type: 'accept',
      complaintId: moved,
      actor: handler,
      department: 'billing',
      priority: 'low',
    });
    await sim.engine.execute({ type: 'reassign', complaintId: moved, actor: handler, department: 'legal' });
    const into = await receive();
    await sim.engine.execute({ type: 'merge', complaintId: await receive(), into, actor: handler });
    const stats = projectionRunner({ store, projection: statisticsProjection() });
    await stats.catchUp();
    const memory = statisticsTable(stats.state, { period: 'week', timeZone: 'Asia/Shanghai' });
    const sql = await sqlStatistics(pool, { period: 'week', timeZone: 'Asia/Shanghai', schema });
    expect(sql.totals.outcomes).toEqual(memory.totals.outcomes);
    expect(sql.rows.map((r) => [r.department, r.received])).toEqual(memory.rows.map((r) => [r.department, r.received]));
    for (const outcome of ['open', 'resolved', 'rejected', 'withdrawn'] as const)
      expect(sql.totals.outcomes[outcome], outcome).toBeGreaterThan(0);
    expect(new Set(sql.rows.map((r) => r.department)).size).toBeGreaterThan(2);
    expect(sql.rows.filter((r) => r.department === 'legal').map((r) => r.received)).toEqual([1]);
    // The duplicate is counted once, in the complaint it was merged into.
    expect(sql.totals.received).toBe(stats.state.size - 1);
  }, 60_000);

  test('bad options are the VALIDATION errors of statisticsTable, and no query is made', async () => {
    const closed = testPool(1);
    await closed.end();
    for (const options of [{ period: 'year' }, { period: 'day', timeZone: 'Mars/Olympus' }] as const) {
      const error = await sqlStatistics(closed, options as StatisticsOptions).catch((e: unknown) => e);
      expect(isRedressError(error, 'VALIDATION')).toBe(true);
    }
    const schema = await sqlStatistics(closed, { period: 'day', schema: 'no"quote' }).catch((e: unknown) => e);
    expect(isRedressError(schema, 'VALIDATION')).toBe(true);
  });
});

const collect = async <T>(source: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of source) out.push(x);
  return out;
};
