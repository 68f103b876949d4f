export { foldProjection, type Projection } from './projection';
export {
  defineProjection,
  type ProjectionDefinition,
  type ProjectionHandler,
  type ProjectionHandlers,
} from './defineProjection';
export { memorySnapshots, type Snapshot, type SnapshotStore } from './snapshots';
export { projectionRunner, type ProjectionRunner, type RunnerOptions } from './runner';
export { complaintListProjection, type ComplaintListState } from './complaintList';
export { queryComplaints, toRow, type ComplaintRow, type ComplaintQuery, type SortKey } from './queryComplaints';
export {
  statisticsProjection,
  type StatisticsState,
  type StatisticsFacts,
  type ClockFacts,
  type Outcome,
} from './statistics';
export { statisticsTable, type StatisticsRow, type StatisticsOptions, type Timeliness } from './statisticsTable';
export { periodOf, type Period } from './period';
export {
  regulatorReturn,
  type ReturnRow,
  type ReturnOptions,
  type ReturnPeriod,
  type Figure,
  type ResponseDays,
} from './regulatorReturn';
