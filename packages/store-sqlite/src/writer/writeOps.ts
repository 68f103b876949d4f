import type Database from 'better-sqlite3';
import { checkpointWrites } from '../checkpoints/sqliteCheckpoints';
import { noteWrites } from '../checkpoints/sqliteCheckpointNotes';
import { appendRows } from '../events/appendEvents';
import { sqliteTree } from '../merkle/sqliteTree';
import { outboxWrites } from '../outbox/sqliteOutbox';

/**
 * Every write of the store on one connection, by name, each taking its
 * arguments as one array of plain data (so a write can be sent to the writer
 * thread as it is) and running inside a transaction its caller holds.
 */
export const writeOps = (db: Database.Database) => {
  const tree = sqliteTree(db);
  const outbox = outboxWrites(db);
  const notes = noteWrites(db);
  const checkpoints = checkpointWrites(db);
  const append = appendRows(db, tree);
  const ops = {
    append: (...args: Parameters<typeof append>) => append(...args),
    claim: (...args: Parameters<typeof outbox.claim>) => outbox.claim(...args),
    complete: (...args: Parameters<typeof outbox.complete>) => outbox.complete(...args),
    fail: (...args: Parameters<typeof outbox.fail>) => outbox.fail(...args),
    setCheckpoint: (...args: Parameters<typeof checkpoints.setCheckpoint>) => checkpoints.setCheckpoint(...args),
    claimNote: (...args: Parameters<typeof notes.claimNote>) => notes.claimNote(...args),
    cosignNote: (...args: Parameters<typeof notes.cosignNote>) => notes.cosignNote(...args),
    latestNote: (...args: Parameters<typeof notes.latestNote>) => notes.latestNote(...args),
    catchUp: (): void => tree.catchUp(),
  };
  return { ops, forget: tree.forget };
};

/** The writes of a store, by name. */
export type WriteOps = ReturnType<typeof writeOps>['ops'];
/** A write's name. */
export type WriteName = keyof WriteOps;
/** A write's arguments. */
export type WriteArgs<K extends WriteName> = Parameters<WriteOps[K]>;
/** What a write returns. */
export type WriteResult<K extends WriteName> = ReturnType<WriteOps[K]>;

/**
 * How the store hands a write to its writer: on this thread (`inline`) or to
 * the writer thread (`worker`). Resolves once the write is committed.
 */
export interface Writer {
  run<K extends WriteName>(name: K, args: WriteArgs<K>): Promise<WriteResult<K>>;
  /** Wait for the writes handed over so far, then let the connection go. */
  close(): Promise<void>;
}

/**
 * One transaction over a connection's writes: `one` runs a write in an IMMEDIATE
 * transaction of its own; `inside` runs it in a savepoint of a transaction
 * already open (better-sqlite3 makes a nested transaction a savepoint), so that
 * its failure rolls back only its own work.
 */
export const transactionOf = (db: Database.Database) => {
  const { ops, forget } = writeOps(db);
  const tx = db.transaction((name: WriteName, args: readonly unknown[]) =>
    (ops[name] as (...a: readonly unknown[]) => unknown)(...args),
  );
  return {
    one: (name: WriteName, args: readonly unknown[]): unknown => {
      try {
        return tx.immediate(name, args);
      } catch (error) {
        forget();
        throw error;
      }
    },
    inside: (name: WriteName, args: readonly unknown[]): unknown => tx(name, args),
    forget,
  };
};
