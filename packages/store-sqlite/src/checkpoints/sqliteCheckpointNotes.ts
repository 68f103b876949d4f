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
 * The store's `checkpointNotes` on one connection. `write` runs a write under
 * the store's busy retry; reads go through `read` (its error mapping).
 *
 * @example
 * const notes = sqliteCheckpointNotes(db, write, read);
 */
export const sqliteCheckpointNotes = (
  db: Database.Database,
  write: <T>(work: () => T) => Promise<T>,
  read: <T>(work: () => T) => Promise<T>,
): CheckpointTable => {
  let made = false;
  const ready = () => {
    if (!made) db.exec(CHECKPOINT_NOTES_DDL);
    made = true;
  };
  const one = (origin: string, size: number) =>
    db
      .prepare<[string, number], Row>(`SELECT ${COLUMNS} FROM checkpoint_notes WHERE origin = ? AND size = ?`)
      .get(origin, size);
  return {
    claim: (entry) =>
      write(() => {
        ready();
        return db
          .transaction((): PublishedCheckpoint => {
            db.prepare(
              'INSERT INTO checkpoint_notes (origin, size, root_hash, note) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
            ).run(entry.origin, entry.size, entry.rootHash, entry.note);
            return one(entry.origin, entry.size) as Row;
          })
          .immediate();
      }),
    cosigned: (origin, size, note) =>
      write(() => {
        ready();
        db.prepare('UPDATE checkpoint_notes SET note = ? WHERE origin = ? AND size = ?').run(note, origin, size);
      }),
    latest: (origin) =>
      write(() => {
        ready();
        return db
          .prepare<[string], Row>(`SELECT ${COLUMNS} FROM checkpoint_notes WHERE origin = ? ORDER BY size DESC LIMIT 1`)
          .get(origin);
      }),
    list: (origin) =>
      read(() => {
        ready();
        return db
          .prepare<[string], Row>(`SELECT ${COLUMNS} FROM checkpoint_notes WHERE origin = ? ORDER BY size`)
          .all(origin);
      }),
  };
};
