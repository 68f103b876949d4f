import { convertPage, isRedressError, pagedEvents, parseStoredEvent, RedressError, type ReadAllOptions, type ReadStreamOptions, type StoredEvent, type Upcasters } from '@redress/core';
import type { Pool, QueryArrayConfig } from 'pg';
import { guarded } from '../errors/pgErrors';

/**
 * A row as the read queries select it, every column as PostgreSQL's text:
 * `position, stream_id, version, event` and, for readAll, `safe` ('t' or 'f').
 * Arrays rather than objects, and no type parsers: the store converts the few
 * columns itself, so neither costs per row, and a pool with its own parsers
 * (for json or int8, say) reads the same.
 */
type EventRow = readonly [position: string, streamId: string, version: string, event: string, safe?: string];

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

/** The stored event with its position: parsed fresh, so the position goes in place (a copy of every key would cost more than the rest of the read). */
const withPosition = (text: string, position: number): unknown => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // A json column holds valid JSON; this only guards a column changed behind Redress's back.
    throw new RedressError('TAMPERED', 'A stored event is not valid JSON', { position }, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ...(value as object), position };
  (value as { position: number }).position = position;
  return value;
};

/**
 * Reading streams and the global log, bound to a pool and a quoted schema name;
 * `ready` is awaited before the first query.
 */
export const readEvents = (pool: Pool, s: string, settings: ReadSettings, ready: () => Promise<void>) => {
  const toEvent = (row: EventRow): StoredEvent => {
    const position = Number(row[0]);
    const [, streamId] = row;
    const version = Number(row[2]);
    let event: StoredEvent;
    try {
      event = parseStoredEvent(withPosition(row[3], position), settings.upcasters);
    } catch (error) {
      // Say which row, so an operator can find it: the event itself may be too damaged to name it.
      if (!isRedressError(error, 'TAMPERED')) throw error;
      const details = typeof error.details === 'object' && error.details !== null ? error.details : {};
      throw new RedressError('TAMPERED', `${error.message} (row at position ${position} of ${s}.events)`, { ...details, position }, { cause: error });
    }
    if (event.streamId !== streamId || event.version !== version) {
      throw new RedressError(
        'TAMPERED',
        `Stored event at position ${position} of ${s}.events says it is ${event.streamId} v${event.version} but its row is ${streamId} v${version}; the table does not hold what Redress wrote, restore it from a backup`,
        { streamId, version, position },
      );
    }
    return event;
  };

  const query = (name: string, text: string, values: unknown[]): QueryArrayConfig => ({ name, text, values, rowMode: 'array', types: AS_TEXT });

  const streamSql = `SELECT position, stream_id, version, event FROM ${s}.events
    WHERE stream_id = $1 AND version >= $2 AND version <= $3 ORDER BY version LIMIT $4`;

  // A row is safe to hand out once every transaction older than its writer has
  // finished: positions are reserved in transaction-id order, so no writer still
  // in flight can commit a position below a safe row.
  const allSql = `WITH snap AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
    SELECT e.position, e.stream_id, e.version, e.event, e.tx_id < snap.xmin AS safe FROM ${s}.events e, snap
    WHERE e.position > $1 ORDER BY e.position LIMIT $2`;

  async function* streamPages(streamId: string, options: ReadStreamOptions): AsyncGenerator<StoredEvent[]> {
    await ready();
    let from = Math.max(1, Math.ceil(options.fromVersion ?? 1));
    const to = Math.min(Math.floor(options.toVersion ?? 2 ** 31 - 1), 2 ** 31 - 1);
    while (from <= to) {
      const { rows } = await guarded(`reading stream ${streamId}`, READ_ADVICE, () =>
        pool.query<EventRow>(query(`redress.readStream.${s}`, streamSql, [streamId, from, to, settings.pageSize])),
      );
      const { events, failure } = convertPage(rows, toEvent);
      if (events.length > 0) {
        from = (events.at(-1) as StoredEvent).version + 1;
        yield events;
      }
      if (failure !== undefined) throw failure.error;
      if (rows.length < settings.pageSize) return;
    }
  }

  const fetchAll = (after: number, size: number) => {
    const page = guarded('reading all events', READ_ADVICE, () => pool.query<EventRow>(query(`redress.readAll.${s}`, allSql, [after, size])));
    // Awaited by the loop; this only keeps a prefetch of a reader that stopped early from going unhandled.
    page.catch(() => {});
    return page;
  };

  async function* allPages(options: ReadAllOptions): AsyncGenerator<StoredEvent[]> {
    await ready();
    let after = Math.max(0, Math.floor(options.after ?? 0));
    let left = options.limit ?? Number.POSITIVE_INFINITY;
    if (!(left > 0)) return;
    let giveUpAt = Date.now() + settings.settleMs;
    let pause = 1;
    let next = fetchAll(after, Math.min(settings.pageSize, left));
    while (left > 0) {
      const size = Math.min(settings.pageSize, left);
      let { rows } = await next;
      let safe = rows.findIndex((row) => row[4] !== 't');
      if (safe === -1) safe = rows.length;
      const full = safe === size;
      const allSafe = safe === rows.length;
      // Fetch the following page while this one is converted and consumed.
      if (full && left > size) next = fetchAll(Number((rows[size - 1] as EventRow)[0]), Math.min(settings.pageSize, left - size));
      const { events, failure } = convertPage(rows, toEvent, safe);
      // The rows' text is let go before the events are handed out: kept through the
      // yield, every page's text would survive the collections made meanwhile.
      rows = [];
      if (events.length > 0) {
        after = (events.at(-1) as StoredEvent).position;
        left -= events.length;
        yield events;
      }
      if (failure !== undefined) throw failure.error;
      if (full) continue;
      if (allSafe) return;
      // Committed rows wait behind an older writer still in flight. Wait for it,
      // but not forever: ending early skips nothing, the caller resumes from `after`.
      if (safe > 0) {
        giveUpAt = Date.now() + settings.settleMs;
        pause = 1;
      }
      if (Date.now() >= giveUpAt) return;
      await sleep(pause);
      pause = Math.min(pause * 2, 50);
      next = fetchAll(after, Math.min(settings.pageSize, left));
    }
  }

  return {
    readStream: (streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> => pagedEvents(streamPages(streamId, options)),
    readAll: (options: ReadAllOptions = {}): AsyncIterable<StoredEvent> => pagedEvents(allPages(options)),
  };
};
