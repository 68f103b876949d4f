import type { ReadAllOptions, ReadStreamOptions, StoredEvent, Upcasters } from '@redress/core';
import { convertPage, pagedEvents, rowReader, type PlaceOf, type RowReader } from '@redress/core/store-kit';
import type Database from 'better-sqlite3';
import { guardSync } from '../driverErrors';
import { guardState } from '../schema/rowGuard';

/**
 * An `events` row as `readAll` selects it where the file's guard triggers did not
 * hold when it was written: `position, stream_id, version, body`, as an array
 * (better-sqlite3's raw mode), which costs the driver about a microsecond less
 * per row than an object with named keys.
 */
type EventRow = readonly [position: number, streamId: string, version: number, body: string];

/**
 * A row as `readAll` selects it where the guard triggers held: `position, body`.
 * Each column costs the driver as much as a tenth of the event's check.
 */
type GuardedRow = readonly [position: number, body: string];

/**
 * A row as `readStream` selects it: `position, version, body`. Its stream is the
 * one the query asked for (`stream_id = ?` matches only that text), so the
 * column is not read again.
 */
type StreamRow = readonly [position: number, version: number, body: string];

const MAX = Number.MAX_SAFE_INTEGER;

/**
 * Reads in pages: each page is one short query, so memory stays bounded however
 * long the log, and the connection is free for writes between pages (an open
 * better-sqlite3 iterator would block every other statement on it). A page is
 * read when the one before it is used up, and converted in one go (core's
 * `rowReader`, one for each read).
 */
export const eventReader = (
  db: Database.Database,
  path: string,
  pageSize: number,
  upcasters: Upcasters | undefined,
) => {
  const streamPage = db
    .prepare<[string, number, number, number], StreamRow>(
      'SELECT position, version, body FROM events WHERE stream_id = ? AND version >= ? AND version <= ? ORDER BY version LIMIT ?',
    )
    .raw();
  const guards = guardState(db);
  const checkedPage = db
    .prepare<[number, number], EventRow>(
      'SELECT position, stream_id, version, body FROM events WHERE position > ? ORDER BY position LIMIT ?',
    )
    .raw();
  const guardedPage = db
    .prepare<[number, number], GuardedRow>(
      'SELECT position, body FROM events WHERE position > ? ORDER BY position LIMIT ?',
    )
    .raw();
  const place = db.prepare<[number], { streamId: string; version: number }>(
    'SELECT stream_id AS streamId, version FROM events WHERE position = ?',
  );
  // A row gone since its page was read (it cannot be, short of an edit) is named by its position alone.
  const placeOf: PlaceOf = (position) => place.get(position) ?? { streamId: '(a row no longer there)', version: 0 };
  const reader = () => rowReader({ holder: 'the file', upcasters });

  /** A page's events (up to a failure), how many rows it had and the last row's position. */
  const pageOf = <Row extends readonly [number, ...unknown[]]>(
    rows: readonly Row[],
    convert: (row: Row) => StoredEvent,
    after: number,
  ) => ({
    ...convertPage(rows, convert),
    count: rows.length,
    last: rows.at(-1)?.[0] ?? after,
  });
  /** One page of `readAll` after `after`: rows up to `unguarded` are checked against their bodies here, the rest by the file's triggers. */
  const allPage = (after: number, size: number, unguarded: number, rows: RowReader) =>
    after < unguarded
      ? pageOf(
          guardSync(path, () => checkedPage.all(after, size)),
          (row) => rows.event(row[0], row[1], row[2], row[3]),
          after,
        )
      : pageOf(
          guardSync(path, () => guardedPage.all(after, size)),
          (row) => rows.trustedEvent(row[0], row[1], placeOf),
          after,
        );

  async function* streamPages(streamId: string, options: ReadStreamOptions): AsyncGenerator<StoredEvent[]> {
    let from = Math.max(1, options.fromVersion ?? 1);
    const to = Math.min(MAX, options.toVersion ?? MAX);
    const rows = reader();
    const toStreamEvent = (row: StreamRow) => rows.event(row[0], streamId, row[1], row[2]);
    while (from <= to) {
      const page = guardSync(path, () => streamPage.all(streamId, from, to, pageSize));
      const { events, failure } = convertPage(page, toStreamEvent);
      if (events.length > 0) yield events;
      if (failure !== undefined) throw failure.error;
      // A short page is the last: stop without another query.
      if (page.length < pageSize) return;
      from = (page.at(-1) as StreamRow)[1] + 1;
    }
  }

  async function* allPages(options: ReadAllOptions): AsyncGenerator<StoredEvent[]> {
    let after = Math.max(0, options.after ?? 0);
    let left = options.limit ?? MAX;
    // Asked once a read: guards dropped while it runs leave rows it has yet to read unchecked against their bodies.
    const unguarded = guardSync(path, guards.unguardedThrough);
    const rows = reader();
    while (left > 0) {
      const size = Math.min(pageSize, left);
      const { events, failure, count, last } = allPage(after, size, unguarded, rows);
      if (events.length > 0) yield events;
      if (failure !== undefined) throw failure.error;
      if (count < size) return;
      left -= count;
      after = last;
    }
  }

  return {
    readStream: (streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> =>
      pagedEvents(streamPages(streamId, options)),
    readAll: (options: ReadAllOptions = {}): AsyncIterable<StoredEvent> => pagedEvents(allPages(options)),
  };
};
