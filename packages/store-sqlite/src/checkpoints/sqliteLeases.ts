import { checkLeaseArgs, checkReleaseArgs, type Leases } from '@redress/core';
import type Database from 'better-sqlite3';

/**
 * The table of leases, made when first used (additive, like `checkpoint_notes`):
 * one row per name, its holder and when the lease runs out (ms since the epoch).
 *
 * @example
 * db.exec(LEASES_DDL);
 */
export const LEASES_DDL = `CREATE TABLE IF NOT EXISTS leases (
  name   TEXT    PRIMARY KEY,
  holder TEXT    NOT NULL,
  until  INTEGER NOT NULL
) WITHOUT ROWID`;

/**
 * The store's `leases` on one connection: one upsert takes a free or run-out
 * lease or renews the holder's own; SQLite's write lock makes it atomic across
 * processes on the file. `write` runs under the store's busy retry.
 *
 * @example
 * const leases = sqliteLeases(db, write);
 */
export const sqliteLeases = (db: Database.Database, write: <T>(work: () => T) => Promise<T>): Leases => {
  let made = false;
  const ready = () => {
    if (!made) db.exec(LEASES_DDL);
    made = true;
  };
  return {
    async acquire(name, options) {
      const until = checkLeaseArgs(name, options);
      return write(() => {
        ready();
        const { changes } = db
          .prepare(
            `INSERT INTO leases (name, holder, until) VALUES (?, ?, ?)
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
             WHERE leases.holder = excluded.holder OR leases.until <= ?`,
          )
          .run(name, options.holder, until, options.now.getTime());
        return changes === 1;
      });
    },
    async release(name, holder) {
      checkReleaseArgs(name, holder);
      await write(() => {
        ready();
        db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?').run(name, holder);
      });
    },
  };
};
