import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { sqliteStore } from '@redress/store-sqlite';
import { postgresStore } from '@redress/store-postgres';
import type { EventStore } from '../store/eventStore';
import { memoryStore } from '../store/memoryStore';
import { complaintListProjection } from './complaintList';
import { queryComplaints } from './queryComplaints';
import { projectionRunner } from './runner';
import { memorySnapshots } from './snapshots';
import { statisticsProjection } from './statistics';
import { statisticsTable } from './statisticsTable';
import { WEIGHTED_ACTIONS, simulator, type SimStep } from './simulate.testkit';

const PG_URL = process.env.REDRESS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const steps: SimStep[] = fc.sample(
  fc.record({
    action: fc.constantFrom(...WEIGHTED_ACTIONS),
    target: fc.nat(20),
    hours: fc.integer({ min: 0, max: 30 }),
    pick: fc.nat(60),
  }),
  { numRuns: 200, seed: 20_260_105 },
);

/** Play the same steps on a store, catching up after every 40, with a runner restart in the middle. */
const playOn = async (store: EventStore) => {
  const sim = simulator(store);
  const snapshots = memorySnapshots();
  let list = projectionRunner({ store, projection: complaintListProjection(), snapshots, batchSize: 25 });
  const stats = projectionRunner({ store, projection: statisticsProjection(), snapshots });
  for (const [i, s] of steps.entries()) {
    await sim.play(s);
    if (i % 40 === 39) {
      await list.catchUp();
      await stats.catchUp();
    }
    if (i === 100) list = projectionRunner({ store, projection: complaintListProjection(), snapshots, batchSize: 25 });
  }
  await list.catchUp();
  await stats.catchUp();
  const scratch = projectionRunner({ store, projection: statisticsProjection('statistics-scratch') });
  await scratch.rebuild();
  const view = {
    rows: queryComplaints(list.state, { sort: { by: 'updatedAt', order: 'desc' } }),
    table: statisticsTable(stats.state, { period: 'week', timeZone: 'Asia/Shanghai' }),
  };
  expect(statisticsTable(scratch.state, { period: 'week', timeZone: 'Asia/Shanghai' })).toEqual(view.table);
  return view;
};

/** Why PostgreSQL cannot be reached, or undefined when it answers. */
const unreachable = await (async (): Promise<string | undefined> => {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || String(error) : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
})();
/** The URL as printed: without its password. */
const shown = PG_URL.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
// Without a server the PostgreSQL block is skipped, and says so; under CI it runs and fails instead.
const skipPg = unreachable !== undefined && !process.env.CI;
if (skipPg) {
  console.warn(
    `projections: skipping "projections on every store > PostgreSQL": ${shown} is not reachable (${unreachable}); ` +
      'start PostgreSQL or set REDRESS_PG_URL (with CI set the test fails instead).',
  );
}

describe('projections on every store', () => {
  let expected: Awaited<ReturnType<typeof playOn>> | undefined;
  const reference = async () => (expected ??= await playOn(memoryStore()));

  test('memory: the same steps give a non-trivial list and table', async () => {
    const { rows, table } = await reference();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(table.totals.outcomes.resolved + table.totals.outcomes.rejected).toBeGreaterThan(0);
    expect(table.totals.timeliness.decide.total).toBeGreaterThan(0);
  });

  test('SQLite file: the same read models as on the memory store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'redress-projections-'));
    const store = sqliteStore({ path: join(dir, 'events.db') });
    try {
      expect(await playOn(store)).toEqual(await reference());
    } finally {
      await store.close?.();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe.skipIf(skipPg)('PostgreSQL', () => {
    const schema = `redress_t_projections_${randomBytes(4).toString('hex')}`;
    const pool = new pg.Pool({ connectionString: PG_URL, max: 4 });
    pool.on('error', () => {});
    afterAll(async () => {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    });
    test('the same read models as on the memory store', async () => {
      expect(unreachable, `PostgreSQL at ${shown} is not reachable; start it or set REDRESS_PG_URL`).toBeUndefined();
      expect(await playOn(postgresStore({ pool, schema }))).toEqual(await reference());
    });
  });
});
