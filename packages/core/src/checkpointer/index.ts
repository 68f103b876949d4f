export { checkpointer, type Checkpointer, type CheckpointerOptions, type CheckpointRun } from './checkpointer';
export { memoryCheckpointTable, type CheckpointTable, type PublishedCheckpoint } from './checkpointTable';
export { directorySink } from './directorySink';
export type { CheckpointSink, SignedCheckpoint, SinkContext } from './sink';
export { storeSink } from './storeSink';
export { witnessSink, type WitnessSinkOptions } from './witnessSink';
export { deliveriesLine, deliveriesOf, deliveriesTree, deliveryEntry } from './deliveryEvidence';
