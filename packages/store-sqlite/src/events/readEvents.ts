import type { ReadAllOptions, ReadStreamOptions, StoredEvent, Upcasters } from '@redress/core';
import type Database from 'better-sqlite3';
import { guardSync } from '../driverErrors';
import { rowToEvent, type EventRow } from './rowToEvent';

const MAX = Number.MAX_SAFE_INTEGER;

/**
 * Reads in pages: each page is one short query, so memory stays bounded however
 * long the log, and the connection is free for writes between pages (an open
 * better-sqlite3 iterator would block every other statement on it).
 */
export const eventReader = (db: Database.Database, path: string, pageSize: number, upcasters: Upcasters | undefined) => {
  const streamPage = db.prepare<[string, number, number, number], EventRow>(
    'SELECT position, stream_id, version, body FROM events WHERE stream_id = ? AND version >= ? AND version <= ? ORDER BY version LIMIT ?',
  ).raw();
  const allPage = db.prepare<[number, number], EventRow>(
    'SELECT position, stream_id, version, body FROM events WHERE position > ? ORDER BY position LIMIT ?',
  ).raw();

  async function* readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    let from = Math.max(1, options.fromVersion ?? 1);
    const to = Math.min(MAX, options.toVersion ?? MAX);
    while (from <= to) {
      const rows = guardSync(path, () => streamPage.all(streamId, from, to, pageSize));
      for (const row of rows) yield rowToEvent(row, upcasters);
      if (rows.length < pageSize) return;
      from = (rows.at(-1) as EventRow)[2] + 1;
    }
  }

  async function* readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    let after = Math.max(0, options.after ?? 0);
    let left = options.limit ?? MAX;
    while (left > 0) {
      const rows = guardSync(path, () => allPage.all(after, Math.min(pageSize, left)));
      for (const row of rows) yield rowToEvent(row, upcasters);
      if (rows.length < Math.min(pageSize, left)) return;
      left -= rows.length;
      after = (rows.at(-1) as EventRow)[0];
    }
  }

  return { readStream, readAll };
};
