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
} from './eventStore';
export { checkLeaseArgs, checkReleaseArgs } from './leaseArgs';
export { memoryStore } from './memoryStore';
export type { Upcaster, Upcasters } from './read/upcast';
