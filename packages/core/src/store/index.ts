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
} from './eventStore';
export { memoryStore } from './memoryStore';
export type { Upcaster, Upcasters } from './read/upcast';
