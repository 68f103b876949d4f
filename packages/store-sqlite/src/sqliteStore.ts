import { resolve } from 'node:path';
import {
  RedressError,
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
import { checkpointPosition, checkpointReads } from './checkpoints/sqliteCheckpoints';
import { sqliteLeases } from './checkpoints/sqliteLeases';
import { withBusyRetry } from './busyRetry';
import { checkOptions, type WriterKind } from './checkOptions';
import { guard, guardSync } from './driverErrors';
import { prepareAppend } from './events/appendEvents';
import { eventReader } from './events/readEvents';
import { sqliteTree } from './merkle/sqliteTree';
import { claimArgs, readDeliveries, readOutbox } from './outbox/sqliteOutbox';
import { openDatabase, type Durability } from './schema/openDatabase';
import { inlineWriter } from './writer/inlineWriter';
import { threadFile, threadFileThere, threadWriter } from './writer/writerClient';
import type { Writer } from './writer/writeOps';

let warned = false;
/**
 * The writer thread's file is not beside this module (a bundle that left it out):
 * commit inline, and say so once.
 */
const noThreadFile = (): 'inline' => {
  if (!warned) {
    warned = true;
    process.emitWarning(
      `sqliteStore: the writer thread's file ${threadFile().href} is missing (a bundler may have left it out), so writes commit on the calling thread and each fsync blocks the event loop. Copy writerThread.js / writerThread.cjs from @redress/store-sqlite's dist beside the bundle, or pass writer: 'inline' to choose this`,
      { code: 'REDRESS_NO_WRITER_THREAD' },
    );
  }
  return 'inline';
};

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
  /**
   * Where writes are committed. `'worker'` (default): on the process's writer
   * thread, so the event loop never waits for the disk; writes that arrive while
   * a commit is under way (from any store of this process on the same file) share
   * the next transaction, each in a savepoint of its own, and each resolves after
   * the commit that made it durable. `'inline'`: on the calling thread, one
   * transaction per write, each fsync blocking the event loop (no thread to start
   * or to bundle). Reads are on the calling thread either way.
   */
  readonly writer?: WriterKind;
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
  /** Where writes are committed: `'worker'` or `'inline'`. */
  readonly writer: WriterKind;
  /** Wait for the writes under way, then let the file go (and the writer thread, if no other store uses it). */
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
  const settings = checkOptions(options);
  const { path, durability, busyTimeoutMs, pageSize, upcasters } = settings;
  const db: Database.Database = openDatabase({ path, durability, busyTimeoutMs });
  const kind = settings.writer === 'worker' && !threadFileThere() ? noThreadFile() : settings.writer;
  const writer: Writer =
    kind === 'inline'
      ? inlineWriter(db, path, busyTimeoutMs)
      : threadWriter({ path, file: resolve(path), durability, busyTimeoutMs });
  let closed = false;
  const closedError = () =>
    new RedressError('STORE_UNAVAILABLE', `The SQLite store ${path} is closed; open a new sqliteStore`, { path });
  /** A write, once its arguments are checked on this thread: bad input never reaches the writer. */
  const write: Writer['run'] = async (name, args) => {
    if (closed) throw closedError();
    return writer.run(name, args);
  };
  const tree = sqliteTree(db);
  const reader = eventReader(db, path, pageSize, upcasters);
  const checkpoints = checkpointReads(db);

  return {
    path,
    durability,
    writer: kind,
    async append(streamId, events, appendOptions) {
      if (closed) throw closedError();
      return write('append', [prepareAppend(streamId, events, appendOptions)]);
    },
    readStream: reader.readStream,
    readAll: reader.readAll,
    outbox: {
      claim: async (o) => write('claim', claimArgs(o)),
      complete: async (id, { now, worker }) => write('complete', [id, now.toISOString(), worker]),
      fail: async (id, { now, worker, error, retryAt }) =>
        write('fail', [id, now.toISOString(), worker, error, retryAt === null ? null : retryAt.toISOString()]),
      list: async (filter) => guard(path, () => readOutbox(db, filter)),
      deliveries: async (): Promise<DeliveryRecord[]> => guard(path, () => readDeliveries(db)),
    },
    checkpoints: {
      get: async (name) => guard(path, () => checkpoints.get(name)),
      set: async (name, position) => write('setCheckpoint', [name, checkpointPosition(position)]),
    },
    merkle: merkleLog({
      async size() {
        // Rows the tree does not hold yet (a file from before it, a writer without it) go in first, a transaction at a time.
        while (guardSync(path, tree.behind)) await write('catchUp', []);
        return guardSync(path, tree.size);
      },
      hashes: async (subtrees) => guardSync(path, () => tree.hashes(subtrees)),
      async leafIndex(position) {
        while (guardSync(path, tree.behind)) await write('catchUp', []);
        return guardSync(path, () => tree.leafIndex(position));
      },
    }),
    checkpointNotes: sqliteCheckpointNotes(db, write, (work) => guard(path, work)) as CheckpointTable,
    // Leases are rare, one-row writes: on this thread's connection, under SQLite's lock and the busy retry.
    leases: sqliteLeases(db, (work) => {
      if (closed) throw closedError();
      return withBusyRetry(path, busyTimeoutMs, work);
    }),
    async close() {
      closed = true;
      await writer.close();
      if (db.open) db.close();
    },
  };
};
