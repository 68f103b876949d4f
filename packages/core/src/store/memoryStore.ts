import type { RecordedEvent, StoredEvent } from '../domain/envelope';
import { RedressError } from '../errors/redressError';
import { memoryCheckpointTable, type CheckpointTable } from '../checkpointer/checkpointTable';
import { memoryTree } from '../merkle/memoryTree';
import { ephemeralKek } from '../privacy/kek';
import { memoryKeyStore } from '../privacy/memoryKeyStore';
import { subjectKeys, type SubjectKeys } from '../privacy/subjectKeys';
import { checkAppendArgs, versionConflict } from './conflict';
import { checkNextDueAt } from './dueArgs';
import { memoryDueMoments } from './memoryDueMoments';
import { EPHEMERAL_KEYS } from './eventStore';
import type {
  AppendOptions,
  AppendResult,
  DueMoments,
  EventStore,
  Leases,
  MerkleLog,
  OutboxRecord,
  ReadAllOptions,
  ReadStreamOptions,
} from './eventStore';
import { memoryLeases } from './memoryLeases';
import { memoryOutbox } from './memoryOutbox';

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
};

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Keep each stream's next due moment (`dueMoments`), as PostgreSQL does, so the
   * ticker reads what is due from the store. Default `false`: the ticker keeps
   * its own index in memory, which is faster for a store that lives in memory anyway.
   */
  readonly dueMoments?: boolean;
}

/**
 * An event store in process memory: for tests, examples and benchmarks. Appends
 * are atomic and checked against `expectedVersion`; events are frozen so nobody
 * can change them after the fact. The Merkle tree over the log takes each
 * event's hash in the same step as the events, and hashes them when it is read.
 *
 * @example
 * const engine = createEngine({ store: memoryStore() });
 */
export const memoryStore = (
  settings: MemoryStoreOptions = {},
): EventStore & {
  readonly size: number;
  readonly merkle: MerkleLog;
  readonly checkpointNotes: CheckpointTable;
  readonly leases: Leases;
  readonly dueMoments?: DueMoments;
  readonly [EPHEMERAL_KEYS]: SubjectKeys;
} => {
  const streams = new Map<string, StoredEvent[]>();
  const moments = settings.dueMoments === true ? memoryDueMoments((id) => streams.get(id)?.length ?? 0) : undefined;
  const all: StoredEvent[] = [];
  const outbox = memoryOutbox();
  const checkpoints = new Map<string, number>();
  const tree = memoryTree();

  let keys: SubjectKeys | undefined;
  return {
    durable: false,
    // Made on first use and shared by copies of the store object, so engines on one store share its keys.
    get [EPHEMERAL_KEYS]() {
      keys ??= subjectKeys({ store: memoryKeyStore(), kek: ephemeralKek() });
      return keys;
    },
    get size() {
      return all.length;
    },

    async append(streamId: string, events: readonly RecordedEvent[], options: AppendOptions): Promise<AppendResult> {
      checkAppendArgs(streamId, events, options.expectedVersion);
      checkNextDueAt(options.nextDueAt);
      const stream = streams.get(streamId);
      const current = stream?.length ?? 0;
      if (current !== options.expectedVersion) throw versionConflict(streamId, options.expectedVersion, current);
      const now = new Date().toISOString();
      // Stage the outbox rows first: if any is invalid nothing at all is written.
      const rows = (options.outbox ?? []).map((m) => outbox.prepare(m, now));
      const seen = new Set<string>();
      const twin = rows.find((r) => seen.size === seen.add(r.id).size);
      if (twin !== undefined)
        throw new RedressError(
          'CONFLICT',
          `Outbox message ${twin.id} appears twice in one append; give each message its own id`,
        );
      const stored = events.map((e, i) => deepFreeze({ ...e, position: all.length + i + 1 }));
      const target = stream ?? [];
      target.push(...stored);
      if (stream === undefined) streams.set(streamId, target);
      all.push(...stored);
      for (const e of stored) tree.append(e.hash, e.position);
      outbox.insert(rows);
      moments?.appended(streamId, stored, target.length, options.nextDueAt);
      return { version: target.length, positions: stored.map((e) => e.position) };
    },

    async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
      const stream = streams.get(streamId);
      if (stream === undefined) return;
      const from = Math.max(1, options.fromVersion ?? 1);
      const to = Math.min(stream.length, options.toVersion ?? stream.length);
      for (let v = from; v <= to; v++) yield stream[v - 1] as StoredEvent;
    },

    async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
      const after = Math.max(0, options.after ?? 0);
      const end = options.limit === undefined ? all.length : Math.min(all.length, after + options.limit);
      for (let p = after; p < end; p++) yield all[p] as StoredEvent;
    },

    outbox: outbox.port,

    merkle: tree.log,

    checkpointNotes: memoryCheckpointTable(),

    leases: memoryLeases(),

    ...(moments === undefined ? {} : { dueMoments: moments.port }),

    checkpoints: {
      async get(name: string) {
        return checkpoints.get(name) ?? null;
      },
      async set(name: string, position: number) {
        if (!Number.isInteger(position) || position < 0) {
          throw new RedressError(
            'VALIDATION',
            `Checkpoint position must be a whole number ≥ 0, got ${String(position)}`,
          );
        }
        checkpoints.set(name, position);
      },
    },
  };
};

export type { OutboxRecord };
