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
  DeliveryRecord,
  OutboxStatus,
  ClaimOptions,
  Checkpoints,
  MerkleLog,
  Leases,
  LeaseOptions,
  DueMoments,
  DueMoment,
  DueReschedule,
} from './eventStore';
export { checkDueArgs, checkNextDueAt, checkReschedules } from './dueArgs';
export { checkLeaseArgs, checkReleaseArgs } from './leaseArgs';
export { memoryStore, type MemoryStoreOptions } from './memoryStore';
export type { Upcaster, Upcasters } from './read/upcast';
