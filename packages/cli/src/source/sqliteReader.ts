import type Database from 'better-sqlite3';
import { openReadOnly } from '@redress/store-sqlite';

/**
 * Open a SQLite store file read-only, for reading rows as stored (see
 * `openReadOnly` of @redress/store-sqlite: a file that is not a Redress store is
 * refused, an archived copy in a read-only directory is read too).
 *
 * @example
 * const db = openSqliteReader('complaints.db');
 */
export const openSqliteReader = (path: string): Database.Database => {
  const db = openReadOnly(path);
  // The CLI reads each row once, in order: a page cache would only hold memory (the driver's default is 16 MB a connection).
  db.pragma('cache_size = -1024');
  return db;
};
