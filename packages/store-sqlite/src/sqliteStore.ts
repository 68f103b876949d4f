import {
  merkleLog,
  type DeliveryRecord,
  type CheckpointTable,
  type EventStore,
  type Leases,
  type MerkleLog,
  type Upcasters,
} from '@redress/core';
import type Database from 'better-sqlite3';
import { sqliteCheckpointNotes } from './checkpoints/sqliteCheckpointNotes';
import { sqliteCheckpoints } from './checkpoints/sqliteCheckpoints';
import { sqliteLeases } from './checkpoints/sqliteLeases';
import { withBusyRetry } from './busyRetry';
import { checkOptions } from './checkOptions';
import { guard, guardSync } from './driverErrors';
import { eventAppender } from './events/appendEvents';
import { eventReader } from './events/readEvents';
import { sqliteTree } from './merkle/sqliteTree';
import { sqliteOutbox } from './outbox/sqliteOutbox';
import { openDatabase, type Durability } from './schema/openDatabase';

/**
 * Options of {@link sqliteStore}.
 *
 * @example
 * const options: SqliteStoreOptions = { path: 'complaints.db', durability: 'full', busyTimeoutMs: 10_000 };
 */
export interface SqliteStoreOptions {
  /**
   * The database file; created with the Redress schema if it does not exist.
   * Required: a non-empty path to a regular file (not `':memory:'`, a directory or a device).
   */
  readonly path: string;
  /**
   * `'full'` (default): WAL with `synchronous=FULL`; a command whose `execute`
   * returned survives a power cut. `'process-crash-safe'`: `synchronous=NORMAL`;
   * survives the process crashing, but a power cut may lose the last commits.
   * Exactly one of these two strings; anything else is refused.
   */
  readonly durability?: Durability;
  /** How long a writer waits for another process's write lock before failing: 0 to 3,600,000 ms. Default 5000. */
  readonly busyTimeoutMs?: number;
  /** Rows per query when reading (bounds memory while streaming): 1 to 100,000. Default 500. */
  readonly pageSize?: number;
  /** Lift old event schema versions on read. */
  readonly upcasters?: Upcasters;
}

/**
 * The SQLite store: the core `EventStore` port, plus the file it writes.
 *
 * @example
 * const store: SqliteStore = sqliteStore({ path: 'complaints.db' });
 * console.log(store.path, store.durability); // 'complaints.db' 'full'
 */
export interface SqliteStore extends EventStore {
  readonly path: string;
  readonly merkle: MerkleLog;
  readonly checkpointNotes: CheckpointTable;
  readonly leases: Leases;
  readonly durability: Durability;
  close(): Promise<void>;
}

/**
 * The embedded, durable event store: one SQLite file in WAL mode, one
 * transaction per append (events, outbox rows and the Merkle tree's new leaves
 * together), UNIQUE(stream, version) behind the concurrency check. Several stores, engines or processes
 * may share one file. Options are checked before the file is touched: a wrong
 * one throws `VALIDATION` naming it, and nothing is created.
 *
 * @example
 * import { createEngine } from '@redress/core';
 * import { sqliteStore } from '@redress/store-sqlite';
 * const store = sqliteStore({ path: 'complaints.db' });
 * const engine = createEngine({ store });
 * // … engine.execute(…)
 * await store.close();
 */
export const sqliteStore = (options: SqliteStoreOptions): SqliteStore => {
  // Every option is checked before the file is touched: a refused store creates nothing.
  const { path, durability, busyTimeoutMs, pageSize, upcasters } = checkOptions(options);
  const db: Database.Database = openDatabase({ path, durability, busyTimeoutMs });
  const write = <T>(work: () => T | Promise<T>) => withBusyRetry(path, busyTimeoutMs, work);
  const tree = sqliteTree(db);
  const append = eventAppender(db, tree);
  const reader = eventReader(db, path, pageSize, upcasters);
  const outbox = sqliteOutbox(db);
  const checkpoints = sqliteCheckpoints(db);

  return {
    path,
    durability,
    async append(streamId, events, appendOptions) {
      return write(() => append(streamId, events, appendOptions));
    },
    readStream: reader.readStream,
    readAll: reader.readAll,
    outbox: {
      claim: async (o) => write(() => outbox.claim(o)),
      complete: async (id, o) => write(() => outbox.complete(id, o)),
      fail: async (id, o) => write(() => outbox.fail(id, o)),
      list: async (filter) => guard(path, () => outbox.list(filter)),
      deliveries: async () => guard(path, () => (outbox.deliveries as () => Promise<DeliveryRecord[]>)()),
    },
    checkpoints: {
      get: async (name) => guard(path, () => checkpoints.get(name)),
      set: async (name, position) => write(() => checkpoints.set(name, position)),
    },
    merkle: merkleLog({
      async size() {
        // Rows the tree does not hold yet (a file from before it, a writer without it) go in first, a transaction at a time.
        while (guardSync(path, tree.behind)) await write(() => tree.catchUp());
        return guardSync(path, tree.size);
      },
      hashes: async (subtrees) => guardSync(path, () => tree.hashes(subtrees)),
      async leafIndex(position) {
        while (guardSync(path, tree.behind)) await write(() => tree.catchUp());
        return guardSync(path, () => tree.leafIndex(position));
      },
    }),
    checkpointNotes: sqliteCheckpointNotes(db, write, (work) => guard(path, work)),
    leases: sqliteLeases(db, write),
    async close() {
      if (db.open) db.close();
    },
  };
};
