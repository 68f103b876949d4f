import type { ReadAllOptions, ReadStreamOptions, StoredEvent, Upcasters } from '@redress/core';
import type Database from 'better-sqlite3';
import { guardSync } from '../driverErrors';
import { pagedEvents } from './pagedEvents';
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
  const toEvent = (row: EventRow) => rowToEvent(row, upcasters);

  const readStream = (streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> => {
    let from = Math.max(1, options.fromVersion ?? 1);
    const to = Math.min(MAX, options.toVersion ?? MAX);
    return pagedEvents(() => {
      if (!(from <= to)) return undefined;
      const rows = guardSync(path, () => streamPage.all(streamId, from, to, pageSize));
      // A short page is the last: stop without another query.
      from = rows.length < pageSize ? to + 1 : (rows.at(-1) as EventRow)[2] + 1;
      return rows;
    }, toEvent);
  };

  const readAll = (options: ReadAllOptions = {}): AsyncIterable<StoredEvent> => {
    let after = Math.max(0, options.after ?? 0);
    let left = options.limit ?? MAX;
    return pagedEvents(() => {
      if (!(left > 0)) return undefined;
      const size = Math.min(pageSize, left);
      const rows = guardSync(path, () => allPage.all(after, size));
      left = rows.length < size ? 0 : left - rows.length;
      if (rows.length > 0) after = (rows.at(-1) as EventRow)[0];
      return rows;
    }, toEvent);
  };

  return { readStream, readAll };
};
