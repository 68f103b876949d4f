import { convertPage, pagedEvents, type ReadAllOptions, type ReadStreamOptions, type StoredEvent, type Upcasters } from '@redress/core';
import type Database from 'better-sqlite3';
import { guardSync } from '../driverErrors';
import { bodyToEvent, type EventRow, type StreamRow } from './bodyToEvent';

const MAX = Number.MAX_SAFE_INTEGER;

/**
 * Reads in pages: each page is one short query, so memory stays bounded however
 * long the log, and the connection is free for writes between pages (an open
 * better-sqlite3 iterator would block every other statement on it). A page is
 * read when the one before it is used up, and converted in one go.
 */
export const eventReader = (db: Database.Database, path: string, pageSize: number, upcasters: Upcasters | undefined) => {
  const streamPage = db.prepare<[string, number, number, number], StreamRow>(
    'SELECT position, version, body FROM events WHERE stream_id = ? AND version >= ? AND version <= ? ORDER BY version LIMIT ?',
  ).raw();
  const allPage = db.prepare<[number, number], EventRow>(
    'SELECT position, stream_id, version, body FROM events WHERE position > ? ORDER BY position LIMIT ?',
  ).raw();
  const toEvent = (row: EventRow) => bodyToEvent(row[0], row[1], row[2], row[3], upcasters);

  async function* streamPages(streamId: string, options: ReadStreamOptions): AsyncGenerator<StoredEvent[]> {
    let from = Math.max(1, options.fromVersion ?? 1);
    const to = Math.min(MAX, options.toVersion ?? MAX);
    const toStreamEvent = (row: StreamRow) => bodyToEvent(row[0], streamId, row[1], row[2], upcasters);
    while (from <= to) {
      const rows = guardSync(path, () => streamPage.all(streamId, from, to, pageSize));
      const { events, failure } = convertPage(rows, toStreamEvent);
      if (events.length > 0) yield events;
      if (failure !== undefined) throw failure.error;
      // A short page is the last: stop without another query.
      if (rows.length < pageSize) return;
      from = (rows.at(-1) as StreamRow)[1] + 1;
    }
  }

  async function* allPages(options: ReadAllOptions): AsyncGenerator<StoredEvent[]> {
    let after = Math.max(0, options.after ?? 0);
    let left = options.limit ?? MAX;
    while (left > 0) {
      const size = Math.min(pageSize, left);
      const rows = guardSync(path, () => allPage.all(after, size));
      const { events, failure } = convertPage(rows, toEvent);
      if (events.length > 0) yield events;
      if (failure !== undefined) throw failure.error;
      if (rows.length < size) return;
      left -= rows.length;
      after = (rows.at(-1) as EventRow)[0];
    }
  }

  return {
    readStream: (streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> => pagedEvents(streamPages(streamId, options)),
    readAll: (options: ReadAllOptions = {}): AsyncIterable<StoredEvent> => pagedEvents(allPages(options)),
  };
};
