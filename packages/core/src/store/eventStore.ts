import type { CheckpointTable } from '../checkpointer/checkpointTable';
import type { RecordedEvent, StoredEvent } from '../domain/envelope';

/**
 * Where a store that keeps nothing after the process (the memory store) holds
 * the ephemeral keyring an engine without a privacy setting encrypts with.
 */
export const EPHEMERAL_KEYS: unique symbol = Symbol.for('redress.ephemeralKeys');

/** A notification to deliver, written in the same atomic append as the events that caused it. */
export interface OutboxMessage {
  /** Unique and stable: receivers use it as the idempotency key. */
  readonly id: string;
  readonly streamId: string;
  /** The event that caused the message. */
  readonly eventId: string;
  readonly channel: string;
  /** JSON-safe content for the channel (recipient, subject, body, …). */
  readonly payload: unknown;
  /** Not before this time (ISO). Defaults to the append time. */
  readonly availableAt?: string;
}

/** Where an outbox row stands: waiting, delivered, or given up on. */
export type OutboxStatus = 'pending' | 'delivered' | 'dead';

/**
 * One settled delivery attempt of an outbox row, as `complete` or `fail` recorded it.
 *
 * @example
 * const entry: OutboxAttempt = { attempt: 1, at: '2026-03-01T08:00:05.000Z', worker: 'd-1', outcome: 'retry', error: 'HTTP 503', retryAt: '2026-03-01T08:00:07.000Z' };
 */
export interface OutboxAttempt {
  /** The row's `attempts` count when it was settled: 1 for the first try. */
  readonly attempt: number;
  /** When it was settled (ISO). */
  readonly at: string;
  /** The dispatcher that held the row. */
  readonly worker: string;
  readonly outcome: 'delivered' | 'retry' | 'dead';
  /** Why it failed; absent when delivered. */
  readonly error?: string;
  /** When the row is due again; only for `retry`. */
  readonly retryAt?: string;
}

/**
 * A settled delivery, as the store records it when `complete` or `fail`
 * (without a retry) settles an outbox row: appended, in the same write, to
 * a log of its own in settling order (`seq` from 1), never changed. The
 * checkpoints cover it (see `deliveryEvidence`), so an outbox row marked
 * delivered without a record saying so is found by `verifyTrusted`.
 *
 * @example
 * const r: DeliveryRecord = { seq: 1, outboxId: 'n-1', streamId: 'C-1', eventId: 'E-1', channel: 'email', outcome: 'delivered', attempt: 1, at: '2026-03-01T08:00:05.000Z' };
 */
export interface DeliveryRecord {
  readonly seq: number;
  readonly outboxId: string;
  readonly streamId: string;
  readonly eventId: string;
  readonly channel: string;
  readonly outcome: 'delivered' | 'dead';
  /** The row's attempt count when it was settled. */
  readonly attempt: number;
  /** When it was settled (ISO). */
  readonly at: string;
}

/** An outbox row with its delivery state. */
export interface OutboxRecord extends OutboxMessage {
  readonly status: OutboxStatus;
  readonly availableAt: string;
  readonly attempts: number;
  readonly createdAt: string;
  /** Set while a dispatcher holds the row; another may take it once the lease has run out. */
  readonly claimedBy: string | null;
  readonly leaseUntil: string | null;
  readonly lastError: string | null;
  readonly deliveredAt: string | null;
  /** Every settled attempt, oldest first; `complete` and `fail` each append one. */
  readonly history: readonly OutboxAttempt[];
}

/** What `append` takes besides the events: the expected version and the outbox rows. */
export interface AppendOptions {
  /** The stream's current version as the writer saw it: 0 for a stream that must not exist yet. */
  readonly expectedVersion: number;
  readonly outbox?: readonly OutboxMessage[];
  /**
   * The stream's next due moment once these events are in (ms since the epoch), or
   * `null` when no deadline clock of it runs: a store with `dueMoments` keeps it in
   * the same atomic write. The engine gives it on every append it makes. Absent, such
   * a store keeps the moment it had, brought forward to the `warnAt` of any
   * `DeadlineSet` appended, so a writer that knows nothing of deadlines loses none.
   */
  readonly nextDueAt?: number | null;
}

/** What `append` returns: the new version and the events' global positions. */
export interface AppendResult {
  /** The stream's version after the append. */
  readonly version: number;
  /** Global positions given to the appended events, in order. */
  readonly positions: readonly number[];
}

/** The range of versions `readStream` returns (both ends inclusive). */
export interface ReadStreamOptions {
  readonly fromVersion?: number;
  readonly toVersion?: number;
}

/** Where `readAll` starts in the global order, and how many events it returns. */
export interface ReadAllOptions {
  /** Only events after this global position (exclusive). */
  readonly after?: number;
  readonly limit?: number;
}

/** What `outbox.claim` takes: the time, how many rows, the lease and the dispatcher's name. */
export interface ClaimOptions {
  readonly now: Date;
  readonly limit: number;
  /** How long the claim holds before another dispatcher may take the row. */
  readonly leaseMs: number;
  readonly worker: string;
}

/** The outbox side of a store, used by the notification dispatcher. */
export interface Outbox {
  /** Take up to `limit` due rows: pending and available, or claimed with an expired lease. */
  claim(options: ClaimOptions): Promise<OutboxRecord[]>;
  /** Mark a claimed row delivered, and append a `delivered` entry to its history. */
  complete(id: string, options: { now: Date; worker: string }): Promise<void>;
  /** Record a failed attempt: retry at `retryAt`, or dead-letter when `retryAt` is null; appends a `retry` or `dead` entry to its history. */
  fail(id: string, options: { now: Date; worker: string; error: string; retryAt: Date | null }): Promise<void>;
  /** Rows, optionally of one stream or status, in creation order. */
  list(filter?: { streamId?: string; status?: OutboxStatus }): Promise<OutboxRecord[]>;
  /**
   * The settled deliveries' records, in settling order. Optional, so that
   * stores written before it still satisfy the port; every Redress store has it.
   */
  deliveries?(): Promise<DeliveryRecord[]>;
}

/** Named positions in the global order, for subscribers and projections. */
export interface Checkpoints {
  get(name: string): Promise<number | null>;
  set(name: string, position: number): Promise<void>;
}

/** What `leases.acquire` takes: who asks, the time, and how long the lease holds. */
export interface LeaseOptions {
  /** Who takes the lease: a name unique to the process (a publisher's `holder`). */
  readonly holder: string;
  readonly now: Date;
  /** How long the lease holds from `now` unless renewed: a whole number of ms ≥ 1. */
  readonly ttlMs: number;
}

/**
 * Named leases shared by every process on one store, so that one worker at a
 * time does a job (a publisher of one name). A lease is free when nobody has
 * taken it or its holder let it run out; `acquire` takes it, or renews it for
 * the holder that has it, in one atomic step. Bad arguments are a `VALIDATION`
 * RedressError and change nothing.
 *
 * @example
 * if (await store.leases!.acquire('publisher:nats', { holder: 'p-1', now: new Date(), ttlMs: 30_000 })) {
 *   // … the work; acquire again before the lease runs out
 *   await store.leases!.release('publisher:nats', 'p-1');
 * }
 */
export interface Leases {
  /** Take the lease `name` (or renew it for its holder) until `now + ttlMs`: true, or false while another holder's lease runs. */
  acquire(name: string, options: LeaseOptions): Promise<boolean>;
  /** Give the lease up now, if `holder` has it; otherwise nothing. */
  release(name: string, holder: string): Promise<void>;
}

/** A stream whose next due moment has come (ms since the epoch), as `dueMoments.due` lists it. */
export interface DueMoment {
  readonly streamId: string;
  readonly dueAt: number;
}

/** A stream's next due moment as known at one of its versions; `dueAt: null` when nothing is due. */
export interface DueReschedule {
  readonly streamId: string;
  /** The stream's version the moment was computed at. */
  readonly version: number;
  readonly dueAt: number | null;
}

/**
 * Each stream's next due moment, kept by the store beside its events so that
 * the deadline ticker reads what is due from an index on the moment, not from a
 * fold of every open complaint. Appends set it (`AppendOptions.nextDueAt`, or
 * the `warnAt` of a `DeadlineSet` when none is given) in the same atomic write.
 * It is a cache of what the events say: a moment earlier than the truth costs a
 * check that finds nothing; the ticker's sweep puts a later one right. Bad
 * arguments are a `VALIDATION` RedressError and change nothing.
 *
 * @example
 * const page = await store.dueMoments!.due(new Date(), { limit: 500 });
 * const next = await store.dueMoments!.due(new Date(), { limit: 500, after: page.at(-1) });
 */
export interface DueMoments {
  /**
   * Streams whose moment is at or before `now`, earliest first (ties in an order of
   * the store's), after `after` in that order; at most `limit` (1 to 10,000).
   */
  due(now: Date, options: { readonly limit: number; readonly after?: DueMoment | undefined }): Promise<DueMoment[]>;
  /**
   * Set each stream's moment as known at `version`. One is left alone where the
   * store holds a moment from a later version of the stream (a writer got there
   * first), unless that version is beyond the stream's own (it was changed by hand).
   */
  reschedule(entries: readonly DueReschedule[]): Promise<void>;
}

/**
 * The log-wide Merkle tree a store keeps over every event's hash in global order
 * (RFC 6962): leaf `i` is the `i`-th event `readAll` yields. Roots and proofs
 * take O(log n) reads of stored subtree hashes; hashes are 64 lowercase hex digits.
 * Sizes and indexes are checked: out of range is a `VALIDATION` RedressError.
 *
 * @example
 * const size = await store.merkle!.size();
 * const root = await store.merkle!.root(size);
 * const proof = await store.merkle!.consistencyProof(trustedSize, size);
 */
export interface MerkleLog {
  /** Leaves in the tree now: every committed event, once the store has taken it in. */
  size(): Promise<number>;
  /** The root of the tree of the first `size` leaves (0 ≤ size ≤ `size()`); `EMPTY_ROOT` for 0. */
  root(size: number): Promise<string>;
  /** The hashes proving leaf `index` is in the tree of `size` leaves (index < size ≤ `size()`), sibling first. */
  inclusionProof(index: number, size: number): Promise<string[]>;
  /** The hashes proving the tree of `n` leaves extends the one of `m` (m ≤ n ≤ `size()`); empty for m = 0 or m = n. */
  consistencyProof(m: number, n: number): Promise<string[]>;
  /** The leaf of the event at global `position`, or null when the tree has no leaf for it (yet). */
  leafIndex(position: number): Promise<number | null>;
}

/**
 * The store port. Adapters: `memoryStore()`, `sqliteStore()`, `postgresStore()`.
 * `append` is atomic (events and outbox rows together, or nothing) and fails with
 * a `CONFLICT` RedressError when `expectedVersion` is not the stream's version.
 */
export interface EventStore {
  append(streamId: string, events: readonly RecordedEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent>;
  /** Events of every stream in global order; never skips a committed event. */
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent>;
  readonly outbox: Outbox;
  readonly checkpoints: Checkpoints;
  /**
   * The Merkle tree over the log, kept as events are appended. Optional, so that
   * stores written before it still satisfy the port; every Redress store has it.
   */
  readonly merkle?: MerkleLog;
  /**
   * The checkpoints signed of the log (`checkpointer`'s `storeSink`), one per
   * origin and size. Optional like `merkle`; every Redress store has it.
   */
  readonly checkpointNotes?: CheckpointTable;
  /**
   * Named leases across processes (the publisher's single active instance).
   * Optional like `merkle`; every Redress store has it.
   */
  readonly leases?: Leases;
  /**
   * Each stream's next due moment, for the deadline ticker. Optional: a store
   * without it is ticked from an index the ticker builds in memory from `readAll`.
   */
  readonly dueMoments?: DueMoments;
  /**
   * `false` for a store that keeps nothing once the process ends (the memory
   * store): without a privacy setting the engine encrypts under an ephemeral
   * key there. Any other store counts as durable.
   */
  readonly durable?: boolean;
  close?(): Promise<void>;
}
