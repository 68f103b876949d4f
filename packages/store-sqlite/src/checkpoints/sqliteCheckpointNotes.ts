import type { CheckpointTable, PublishedCheckpoint } from '@redress/core';
import type Database from 'better-sqlite3';

/**
 * The table of signed checkpoints, made when first used: additive, so files
 * of earlier releases get it without a schema version of their own, and
 * releases that do not know it never touch it. `(origin, size)` is its key:
 * of two writers claiming one size, SQLite's write lock lets one in first and
 * the other finds its row.
 *
 * @example
 * db.exec(CHECKPOINT_NOTES_DDL);
 */
export const CHECKPOINT_NOTES_DDL = `CREATE TABLE IF NOT EXISTS checkpoint_notes (
  origin    TEXT    NOT NULL,
  size      INTEGER NOT NULL,
  root_hash TEXT    NOT NULL,
  note      TEXT    NOT NULL,
  PRIMARY KEY (origin, size)
) WITHOUT ROWID`;

type Row = { origin: string; size: number; rootHash: string; note: string };
const COLUMNS = 'origin, size, root_hash AS rootHash, note';

/**
 * The writes of `checkpointNotes` on one connection, inside a transaction the
 * caller holds. The table is made (a no-op once it is there) by each, since a
 * transaction that made it may have been rolled back. `latest` is among them:
 * it may have to make the table.
 */
export const noteWrites = (db: Database.Database) => {
  const ready = () => db.exec(CHECKPOINT_NOTES_DDL);
  const one = (origin: string, size: number) =>
    db
      .prepare<[string, number], Row>(`SELECT ${COLUMNS} FROM checkpoint_notes WHERE origin = ? AND size = ?`)
      .get(origin, size);
  return {
    claimNote: (entry: PublishedCheckpoint): PublishedCheckpoint => {
      ready();
      db.prepare(
        'INSERT INTO checkpoint_notes (origin, size, root_hash, note) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ).run(entry.origin, entry.size, entry.rootHash, entry.note);
      return one(entry.origin, entry.size) as Row;
    },
    cosignNote: (origin: string, size: number, note: string): void => {
      ready();
      db.prepare('UPDATE checkpoint_notes SET note = ? WHERE origin = ? AND size = ?').run(note, origin, size);
    },
    latestNote: (origin: string): PublishedCheckpoint | undefined => {
      ready();
      return db
        .prepare<[string], Row>(`SELECT ${COLUMNS} FROM checkpoint_notes WHERE origin = ? ORDER BY size DESC LIMIT 1`)
        .get(origin);
    },
  };
};

/**
 * The store's `checkpointNotes`: writes through the store's writer (`write`
 * takes a write's name and arguments), `list` on the store's own connection
 * through `read` (its error mapping).
 *
 * @example
 * const notes = sqliteCheckpointNotes(db, writer.run, read);
 */
export const sqliteCheckpointNotes = (
  db: Database.Database,
  write: <K extends 'claimNote' | 'cosignNote' | 'latestNote'>(
    name: K,
    args: Parameters<ReturnType<typeof noteWrites>[K]>,
  ) => Promise<ReturnType<ReturnType<typeof noteWrites>[K]>>,
  read: <T>(work: () => T) => Promise<T>,
): CheckpointTable => ({
  claim: (entry) => write('claimNote', [entry]),
  cosigned: (origin, size, note) => write('cosignNote', [origin, size, note]),
  latest: (origin) => write('latestNote', [origin]),
  list: (origin) =>
    read(() => {
      db.exec(CHECKPOINT_NOTES_DDL);
      return db
        .prepare<[string], Row>(`SELECT ${COLUMNS} FROM checkpoint_notes WHERE origin = ? ORDER BY size`)
        .all(origin);
    }),
});
