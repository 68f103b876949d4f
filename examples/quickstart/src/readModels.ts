import {
  complaintListProjection,
  memorySnapshots,
  projectionRunner,
  queryComplaints,
  statisticsProjection,
  statisticsTable,
  type EventStore,
} from '@redress/core';
import { workloadProjection } from './workload';

/** The complaint list, the statistics table and the workload board, brought up to date over one store. */
export const readModels = async (store: EventStore, now = new Date()) => {
  const snapshots = memorySnapshots(); // or your own SnapshotStore over a file or table
  const list = projectionRunner({ store, projection: complaintListProjection(), snapshots });
  const stats = projectionRunner({ store, projection: statisticsProjection(), snapshots });
  const workload = projectionRunner({ store, projection: workloadProjection, snapshots });

  list.start({ everyMs: 1_000, onError: console.error }); // keeps the list up to date until list.stop()
  await Promise.all([list.catchUp(), stats.catchUp(), workload.catchUp()]);

  const late = queryComplaints(list.state, {
    status: 'open',
    department: 'service',
    priority: ['high', 'urgent'],
    overdue: true,
    now, // `now`: also flag deadlines past now, before tick records them
    sort: { by: 'receivedAt' },
    limit: 20,
  });
  const { rows, totals } = statisticsTable(stats.state, { period: 'month', timeZone: 'Asia/Shanghai' });
  const serviceBoard = workload.state.boards.service; // frozen: hold it, compare it by reference

  return { list, late, rows, totals, serviceBoard };
};
