export type {
  EventStore,
  AppendOptions,
  AppendResult,
  ReadStreamOptions,
  ReadAllOptions,
  Outbox,
  OutboxMessage,
  OutboxRecord,
  OutboxAttempt,
  OutboxStatus,
  ClaimOptions,
  Checkpoints,
  MerkleLog,
} from './eventStore';
export { memoryStore } from './memoryStore';
export { versionConflict, checkAppendArgs } from './conflict';
export { pagedEvents, convertPage } from './pagedEvents';
export { optionChecks, shownValue, isRecord, type Range } from './optionChecks';
export { parseStoredEvent, type Upcaster, type Upcasters } from './parseStoredEvent';
