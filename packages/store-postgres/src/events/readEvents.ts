import type { ReadAllOptions, ReadStreamOptions, StoredEvent, Upcasters } from '@redress/core';
import { convertPage, pagedEvents, rowReader, type RowReader } from '@redress/core/store-kit';
import pg, { type Pool, type PoolClient, type QueryArrayConfig } from 'pg';
import { guarded, storeFailure } from '../errors/pgErrors';

/**
 * A row as the read queries select it, every column as PostgreSQL's text:
 * `position, stream_id, version, event` and, for readAll, `safe` ('t' or 'f').
 * Arrays rather than objects, and no type parsers: the store converts the few
 * columns itself, so neither costs per row, and a pool with its own parsers
 * (for json or int8, say) reads the same.
 */
type EventRow = readonly [position: string, streamId: string, version: string, event: string, safe?: string];

/** A readAll page query under way (see `fetchAll`). */
interface Fetch {
  /** The rows asked for. */
  readonly size: number;
  /** Events converted and not yet handed out. */
  events: StoredEvent[];
  /** Rows received so far, and the position of the first. */
  rows: number;
  first: number;
  /** No row so far was waiting behind an older writer. */
  allSafe: boolean;
  /** A damaged row (after the events before it) or the query's own failure. */
  failure: { readonly error: unknown } | undefined;
  done: boolean;
  /** The reader waiting for rows. */
  wake: (() => void) | undefined;
  /** The reader stopped: rows still coming are not converted. */
  dropped: boolean;
  /** Called when the first row comes in. */
  onFirst: (() => void) | undefined;
}

const AS_TEXT = { getTypeParser: () => (value: string) => value } as unknown as QueryArrayConfig['types'];

export interface ReadSettings {
  readonly upcasters: Upcasters;
  /** Rows fetched per query. */
  readonly pageSize: number;
  /** How long readAll waits for older writers to finish before it ends early. */
  readonly settleMs: number;
}

const READ_ADVICE = 'try again when the database is reachable';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reading streams and the global log, bound to a pool and a quoted schema name;
 * `ready` is awaited before the first query.
 */
export const readEvents = (pool: Pool, s: string, settings: ReadSettings, ready: () => Promise<void>) => {
  const reader = () => rowReader({ holder: 'the table', table: ` of ${s}.events`, upcasters: settings.upcasters });
  const toEvent = (row: EventRow, rows: RowReader): StoredEvent => rows.event(Number(row[0]), row[1], Number(row[2]), row[3]);

  const query = (name: string, text: string, values: unknown[]): QueryArrayConfig => ({ name, text, values, rowMode: 'array', types: AS_TEXT });

  const streamSql = `SELECT position, stream_id, version, event FROM ${s}.events
    WHERE stream_id = $1 AND version >= $2 AND version <= $3 ORDER BY version LIMIT $4`;

  // A row is safe to hand out once every transaction older than its writer has
  // finished: positions are reserved in transaction-id order, so no writer still
  // in flight can commit a position below a safe row. The offset lets the next
  // page be asked for before this one's last row is known (see allPages).
  const allSql = `WITH snap AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
    SELECT e.position, e.stream_id, e.version, e.event, e.tx_id < snap.xmin AS safe FROM ${s}.events e, snap
    WHERE e.position > $1 ORDER BY e.position LIMIT $2 OFFSET $3`;

  async function* streamPages(streamId: string, options: ReadStreamOptions): AsyncGenerator<StoredEvent[]> {
    await ready();
    let from = Math.max(1, Math.ceil(options.fromVersion ?? 1));
    const to = Math.min(Math.floor(options.toVersion ?? 2 ** 31 - 1), 2 ** 31 - 1);
    const rowEvents = reader();
    const convert = (row: EventRow) => toEvent(row, rowEvents);
    while (from <= to) {
      const { rows } = await guarded(`reading stream ${streamId}`, READ_ADVICE, () =>
        pool.query<EventRow>(query(`redress.readStream.${s}`, streamSql, [streamId, from, to, settings.pageSize])),
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
   * One page query under way. Its rows are converted as they arrive, so a reader
   * that keeps up holds a few dozen events rather than a page of row text: a
   * million-event stream then stays within V8's smaller young generation.
   */
  const fetchAll = (after: number, size: number, offset: number, rowEvents: RowReader): Fetch => {
    const fetch: Fetch = { size, events: [], rows: 0, first: 0, allSafe: true, failure: undefined, done: false, dropped: false, wake: undefined, onFirst: undefined };
    const wake = () => {
      const resume = fetch.wake;
      fetch.wake = undefined;
      resume?.();
    };
    const fail = (error: unknown) => {
      fetch.failure ??= { error: storeFailure(error, 'reading all events', READ_ADVICE) };
      fetch.done = true;
      wake();
    };
    const onRow = (row: EventRow) => {
      if (fetch.dropped) return;
      if (++fetch.rows === 1) {
        fetch.first = Number(row[0]);
        fetch.onFirst?.();
      }
      // Nothing after the first row not yet safe, or after a damaged one.
      if (!fetch.allSafe || fetch.failure !== undefined) return;
      if (row[4] !== 't') fetch.allSafe = false;
      else {
        try {
          fetch.events.push(toEvent(row, rowEvents));
        } catch (error) {
          fetch.failure = { error };
        }
      }
      wake();
    };
    const run = (client: PoolClient) => {
      let released = false;
      const release = (error?: Error) => {
        if (!released) client.release(error);
        released = true;
      };
      try {
        // The client's own Query class, which its connection knows how to run.
        const Query = (client.constructor as { Query?: typeof pg.Query }).Query ?? pg.Query;
        const submitted = new Query(query(`redress.readAll.${s}`, allSql, [after, size, offset]));
        submitted.on('row', onRow);
        submitted.on('end', () => {
          release();
          fetch.done = true;
          wake();
        });
        submitted.on('error', (error: Error) => {
          release(error);
          fail(error);
        });
        void client.query(submitted);
      } catch (error) {
        release(error as Error);
        fail(error);
      }
    };
    pool.connect().then(run, fail);
    return fetch;
  };

  async function* allPages(options: ReadAllOptions): AsyncGenerator<StoredEvent[]> {
    await ready();
    let after = Math.max(0, Math.floor(options.after ?? 0));
    let left = options.limit ?? Number.POSITIVE_INFINITY;
    if (!(left > 0)) return;
    let giveUpAt = Date.now() + settings.settleMs;
    let pause = 1;
    let next: Fetch | undefined;
    const rowEvents = reader();
    /** Make `page` the one read, asking for the one after it once its first row is in. */
    const reading = (page: Fetch): Fetch => {
      // A page asked for ahead and not used (the one before it was short) goes unread.
      if (next !== undefined && next !== page) next.dropped = true;
      next = undefined;
      const rest = left - page.size;
      if (rest > 0) {
        // The rows after this page's `size`, counted from its first: the same rows
        // as "after its last" whenever it comes back full and all safe, the only
        // case in which this one is used (no writer in flight can add a row below
        // a safe one). Any other page ends and this one is dropped unread.
        page.onFirst = () => {
          next = fetchAll(page.first - 1, Math.min(settings.pageSize, rest), page.size, rowEvents);
        };
        if (page.rows > 0) page.onFirst();
      }
      return page;
    };
    /** The next page from the last event handed out. */
    const fromLast = () => fetchAll(after, Math.min(settings.pageSize, left), 0, rowEvents);
    let page = reading(fromLast());
    try {
      for (;;) {
        let took = false;
        for (;;) {
          if (page.events.length > 0) {
            const events = page.events;
            page.events = [];
            after = (events.at(-1) as StoredEvent).position;
            left -= events.length;
            took = true;
            yield events;
          } else if (page.failure !== undefined) throw page.failure.error;
          else if (page.done) break;
          else await new Promise<void>((resume) => (page.wake = resume));
        }
        if (page.rows === page.size && page.allSafe) {
          if (!(left > 0)) return;
          page = reading(next ?? fromLast());
          continue;
        }
        if (page.allSafe) return;
        // Committed rows wait behind an older writer still in flight. Wait for it,
        // but not forever: ending early skips nothing, the caller resumes from `after`.
        if (took) {
          giveUpAt = Date.now() + settings.settleMs;
          pause = 1;
        }
        if (Date.now() >= giveUpAt) return;
        await sleep(pause);
        pause = Math.min(pause * 2, 50);
        page = reading(fromLast());
      }
    } finally {
      // A reader that stops early leaves its queries to end on their own.
      page.dropped = true;
      if (next !== undefined) next.dropped = true;
    }
  }

  return {
    readStream: (streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> => pagedEvents(streamPages(streamId, options)),
    readAll: (options: ReadAllOptions = {}): AsyncIterable<StoredEvent> => pagedEvents(allPages(options)),
  };
};
