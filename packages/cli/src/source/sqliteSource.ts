import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { RedressError, type EventStore } from '@redress/core';
import { sqliteStore, type SqliteStore } from '@redress/store-sqlite';
import { groupStreams, type KeyedRecord } from './groupStreams';
import { storedRaw, type RawStream, type Source } from './source';

interface Row {
  readonly position: number;
  readonly stream_id: string;
  readonly body: string;
}

/**
 * Open a SQLite store file read-only, for reading rows as stored; refuses a file
 * that is not a Redress store.
 *
 * @example
 * const db = openSqliteReader('complaints.db');
 */
export const openSqliteReader = (path: string): Database.Database => {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new RedressError('STORE_UNAVAILABLE', `Cannot open SQLite file ${path}: ${(error as Error).message}; check the path`, { path }, { cause: error });
  }
  try {
    const format = db.prepare("SELECT value FROM meta WHERE key = 'format'").pluck().get();
    if (format !== 'redress-event-store') throw new Error('its meta table does not name it a Redress store');
  } catch (error) {
    db.close();
    throw new RedressError('VALIDATION', `${path} is not a Redress SQLite store (${(error as Error).message}); point --store at a file written by @redress/store-sqlite`, { path }, { cause: error });
  }
  // The CLI reads each row once, in order: a page cache would only hold memory (the driver's default is 16 MB a connection).
  db.pragma('cache_size = -1024');
  return db;
};

/** Group rows of `position, stream_id, body`, sorted by stream and version, into streams. */
const sqliteStreams = (rows: Iterable<unknown>, path: string): AsyncIterable<RawStream> => {
  const keyed = function* (): Iterable<KeyedRecord> {
    for (const row of rows as Iterable<Row>) yield { streamId: row.stream_id, raw: storedRaw(row.body, row.position) };
  };
  return groupStreams(keyed(), path);
};

/**
 * A SQLite store file. Reads go straight to the rows (read-only, sorted by
 * stream and version) so that verify sees exactly what is stored, even rows the
 * store itself would refuse; writes and the outbox go through `sqliteStore`.
 *
 * @example
 * const source = sqliteSource('complaints.db', { create: false });
 */
export const sqliteSource = (path: string, options: { create: boolean }): Source => {
  const exists = existsSync(path);
  if (!exists && !options.create) {
    throw new RedressError('STORE_UNAVAILABLE', `No such file: ${path}; check the path (import creates a new store, other commands need an existing one)`, { path });
  }
  if (exists && statSync(path).isDirectory()) {
    throw new RedressError('STORE_UNAVAILABLE', `${path} is a directory; point --store at a SQLite file`, { path });
  }
  let store: SqliteStore | undefined;
  let raw: Database.Database | undefined;
  const writable = () => (store ??= sqliteStore({ path, durability: 'process-crash-safe' }));
  const reader = () => {
    if (!existsSync(path)) writable();
    return (raw ??= openSqliteReader(path));
  };
  if (exists) reader();

  return {
    kind: 'sqlite',
    label: path,
    file: path,
    async count() {
      return reader().prepare('SELECT count(*) FROM events').pluck().get() as number;
    },
    async *streams(filter = {}) {
      const db = reader();
      const rows =
        filter.streamId === undefined
          ? db.prepare('SELECT position, stream_id, body FROM events ORDER BY stream_id, version').iterate()
          : db.prepare('SELECT position, stream_id, body FROM events WHERE stream_id = ? ORDER BY version').iterate(filter.streamId);
      yield* sqliteStreams(rows, path);
    },
    async outbox(streamId) {
      return writable().outbox.list({ streamId });
    },
    store: (): EventStore => writable(),
    async close() {
      raw?.close();
      await store?.close();
    },
  };
};
