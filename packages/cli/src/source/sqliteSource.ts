import { existsSync, rmSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { RedressError, type EventStore } from '@redress/core';
import { readOnlyTree, readOutbox, sqliteStore, type SqliteStore } from '@redress/store-sqlite';
import { groupStreams, type KeyedRecord } from './groupStreams';
import { readingSqlite, sqliteReadFailure } from './sqliteDamage';
import { openSqliteReader } from './sqliteReader';
import { storedRaw, type RawStream, type Source } from './source';

// verify's threads open their own readers from here.
export { openSqliteReader } from './sqliteReader';

interface Row {
  readonly position: number;
  readonly stream_id: string;
  readonly body: string;
}

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
 * store itself would refuse; the outbox is read on that read-only connection too,
 * so an archived copy can be audited. Writes go through `sqliteStore`, with its
 * default durability, so what import reports as written survives a power cut. A
 * file this source creates (import into a new path) is removed again, with its
 * `-wal` and `-shm`, unless every write to it succeeded and there was at least
 * one: a failed import leaves nothing behind.
 *
 * @example
 * const source = sqliteSource('complaints.db', { create: false });
 */
export const sqliteSource = (path: string, options: { create: boolean }): Source => {
  const exists = existsSync(path);
  if (!exists && !options.create) {
    throw new RedressError(
      'STORE_UNAVAILABLE',
      `No such file: ${path}; check the path (import creates a new store, other commands need an existing one)`,
      { path },
    );
  }
  if (exists && statSync(path).isDirectory()) {
    throw new RedressError('STORE_UNAVAILABLE', `${path} is a directory; point --store at a SQLite file`, { path });
  }
  let store: SqliteStore | undefined;
  let raw: Database.Database | undefined;
  let written = 0;
  let failed = false;
  const writable = () => {
    store ??= sqliteStore({ path });
    return store;
  };
  const reader = () => {
    if (!existsSync(path)) writable();
    raw ??= openSqliteReader(path);
    return raw;
  };
  if (exists) reader();

  return {
    kind: 'sqlite',
    label: path,
    file: path,
    async count() {
      return readingSqlite(path, () => reader().prepare('SELECT count(*) FROM events').pluck().get() as number);
    },
    async *streams(filter = {}) {
      const db = reader();
      const rows =
        filter.streamId === undefined
          ? db.prepare('SELECT position, stream_id, body FROM events ORDER BY stream_id, version').iterate()
          : db
              .prepare('SELECT position, stream_id, body FROM events WHERE stream_id = ? ORDER BY version')
              .iterate(filter.streamId);
      try {
        yield* sqliteStreams(rows, path);
      } catch (error) {
        throw sqliteReadFailure(path, error);
      }
    },
    log() {
      const db = reader();
      return {
        async *readAll() {
          // Positions are given and committed in order in a SQLite file: this is readAll's order.
          const rows = db
            .prepare<[], [number, string]>('SELECT position, body FROM events ORDER BY position')
            .raw()
            .iterate();
          try {
            for (const [position, body] of rows) yield storedRaw(body, position).value ?? { position };
          } catch (error) {
            throw sqliteReadFailure(path, error);
          }
        },
        merkle: readingSqlite(path, () => readOnlyTree(db, path)),
      };
    },
    async outbox(streamId) {
      // On the read-only connection: an archived copy may not be written.
      return readingSqlite(path, () => readOutbox(reader(), { streamId }));
    },
    store(): EventStore {
      const target = writable();
      if (exists) return target;
      // A store this run creates is watched, so that close() can tell whether it was written whole.
      return {
        ...target,
        async append(streamId, events, appendOptions) {
          try {
            const result = await target.append(streamId, events, appendOptions);
            written++;
            return result;
          } catch (error) {
            failed = true;
            throw error;
          }
        },
      };
    },
    async close() {
      raw?.close();
      await store?.close();
      if (!exists && store !== undefined && (failed || written === 0)) {
        for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) rmSync(file, { force: true });
      }
    },
  };
};
