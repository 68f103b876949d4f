import type { ReadAllOptions, ReadStreamOptions, StoredEvent, Upcasters } from '@redress/core';
import { convertPage, pagedEvents, rowReader, type RowReader } from '@redress/core/store-kit';
import type { Pool } from 'pg';
import { guarded, storeFailure } from '../errors/pgErrors';
import { prefetch } from './prefetch';
import { readQueries, type EventRow } from './readQueries';
import { streamRows } from './rowStream';

export interface ReadSettings {
  readonly upcasters: Upcasters;
  /** Rows fetched per query. */
  readonly pageSize: number;
  /** How long readAll waits for older writers to finish before it ends early. */
  readonly settleMs: number;
}

const READ_ADVICE = 'try again when the database is reachable';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How many rows of a readAll batch come before the first one not yet safe to hand out. */
const safeRows = (rows: readonly EventRow[]): number => {
  for (let i = 0; i < rows.length; i++) if (rows[i]![4] !== 't') return i;
  return rows.length;
};

/**
 * Reading streams and the global log, bound to a pool and a quoted schema name;
 * `ready` is awaited before the first query.
 */
export const readEvents = (pool: Pool, s: string, settings: ReadSettings, ready: () => Promise<void>) => {
  const queries = readQueries(s);
  const reader = () => rowReader({ holder: 'the table', table: ` of ${s}.events`, upcasters: settings.upcasters });
  const toEvent = (rowEvents: RowReader) => (row: EventRow) =>
    rowEvents.event(Number(row[0]), row[1], Number(row[2]), row[3]);
  const failure = (error: unknown) => storeFailure(error, 'reading all events', READ_ADVICE);
  const ask = (after: number, size: number, offset: number) =>
    streamRows(pool, queries.allPage(after, size, offset), failure);

  async function* streamPages(streamId: string, options: ReadStreamOptions): AsyncGenerator<StoredEvent[]> {
    await ready();
    let from = Math.max(1, Math.ceil(options.fromVersion ?? 1));
    const to = Math.min(Math.floor(options.toVersion ?? 2 ** 31 - 1), 2 ** 31 - 1);
    const convert = toEvent(reader());
    while (from <= to) {
      const { rows } = await guarded(`reading stream ${streamId}`, READ_ADVICE, () =>
        pool.query<EventRow>(queries.streamPage(streamId, from, to, settings.pageSize)),
      );
      const { events, failure } = convertPage(rows, convert);
      if (events.length > 0) {
        from = (events.at(-1) as StoredEvent).version + 1;
        yield events;
      }
      if (failure !== undefined) throw failure.error;
      if (rows.length < settings.pageSize) return;
    }
  }

  /**
   * The log after `options.after`, a page query at a time, each page's rows
   * converted as they arrive (see `streamRows`) and the next page asked for
   * ahead (see `prefetch`). A row not yet safe (an older writer is still in
   * flight) ends the page there: the read waits for the writer, up to
   * `settleMs` without progress, and asks again from the last event handed out.
   */
  async function* allPages(options: ReadAllOptions): AsyncGenerator<StoredEvent[]> {
    await ready();
    let after = Math.max(0, Math.floor(options.after ?? 0));
    let left = options.limit ?? Number.POSITIVE_INFINITY;
    if (!(left > 0)) return;
    const convert = toEvent(reader());
    const pages = prefetch(ask, settings.pageSize);
    let giveUpAt = Date.now() + settings.settleMs;
    let pause = 1;
    let page = pages.from(after, left);
    try {
      for (;;) {
        let count = 0;
        let waiting = false;
        let took = false;
        for await (const rows of page) {
          if (count === 0) pages.ahead(page, Number(rows[0]![0]), left - page.size);
          count += rows.length;
          const safe = safeRows(rows);
          const { events, failure } = convertPage(rows, convert, safe);
          if (events.length > 0) {
            after = (events.at(-1) as StoredEvent).position;
            left -= events.length;
            took = true;
            yield events;
          }
          if (failure !== undefined) throw failure.error;
          // Nothing after the first row not yet safe.
          if (safe < rows.length) {
            waiting = true;
            break;
          }
        }
        if (!waiting) {
          // A short page is the last; a full one goes on, unless the limit is reached.
          if (count < page.size || !(left > 0)) return;
          page = pages.next(after, left);
          continue;
        }
        // Committed rows wait behind an older writer still in flight. Wait for it,
        // but not forever: ending early skips nothing, the caller resumes from `after`.
        if (took) {
          giveUpAt = Date.now() + settings.settleMs;
          pause = 1;
        }
        if (Date.now() >= giveUpAt) return;
        await sleep(pause);
        pause = Math.min(pause * 2, 50);
        page = pages.from(after, left);
      }
    } finally {
      // A reader that stops early leaves its queries to end on their own.
      page.drop();
      pages.drop();
    }
  }

  return {
    readStream: (streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> =>
      pagedEvents(streamPages(streamId, options)),
    readAll: (options: ReadAllOptions = {}): AsyncIterable<StoredEvent> => pagedEvents(allPages(options)),
  };
};
