import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { memoryStore } from '../store/memoryStore';
import { complaintListProjection, type ComplaintListState } from './complaintList';
import { queryComplaints } from './queryComplaints';
import { projectionRunner } from './runner';
import { memorySnapshots } from './snapshots';
import { statisticsProjection, type StatisticsState } from './statistics';
import { statisticsTable } from './statisticsTable';
import { WEIGHTED_ACTIONS, simulator, type SimStep } from './simulate.testkit';

const stepArb: fc.Arbitrary<SimStep> = fc.record({
  action: fc.constantFrom(...WEIGHTED_ACTIONS),
  target: fc.nat(20),
  hours: fc.integer({ min: 0, max: 30 }),
  pick: fc.nat(60),
});
/** Steps, cut into rounds: the incremental runners catch up after each round. */
const logArb = fc.array(fc.array(stepArb, { minLength: 1, maxLength: 15 }), { minLength: 1, maxLength: 8 });

const views = (list: ComplaintListState, stats: StatisticsState) => ({
  rows: queryComplaints(list, { sort: { by: 'nextDueAt' } }),
  byDay: statisticsTable(stats, { period: 'day', timeZone: 'Asia/Shanghai' }),
  byWeek: statisticsTable(stats, { period: 'week' }),
  byMonth: statisticsTable(stats, { period: 'month' }),
});

describe('projections', () => {
  test.prop([logArb], { numRuns: 25 })(
    'rebuilding from scratch equals the read model maintained event by event, and a restart from the snapshot too',
    async (rounds) => {
      const store = memoryStore();
      const sim = simulator(store);
      const snapshots = memorySnapshots();
      const list = projectionRunner({ store, projection: complaintListProjection(), snapshots, batchSize: 7 });
      const stats = projectionRunner({ store, projection: statisticsProjection(), snapshots });
      for (const round of rounds) {
        for (const s of round) await sim.play(s);
        await list.catchUp();
        await stats.catchUp();
      }
      const list2 = projectionRunner({ store, projection: complaintListProjection() });
      const stats2 = projectionRunner({ store, projection: statisticsProjection() });
      await list2.rebuild();
      await stats2.rebuild();
      expect(list2.position).toBe(store.size);
      const live = views(list.state, stats.state);
      expect(views(list2.state, stats2.state)).toEqual(live);
      // A runner started later resumes from the snapshot that matches the checkpoint.
      const resumed = projectionRunner({ store, projection: statisticsProjection(), snapshots });
      expect((await resumed.catchUp()).applied).toBe(0);
      expect(statisticsTable(resumed.state, { period: 'week' })).toEqual(live.byWeek);
      // The list agrees with the engine's own fold of every complaint.
      for (const row of live.rows) expect((await sim.engine.load(row.id)).stage).toBe(row.stage);
    },
  );
});
