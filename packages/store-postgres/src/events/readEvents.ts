import { isRedressError, parseStoredEvent, RedressError, type ReadAllOptions, type ReadStreamOptions, type StoredEvent, type Upcasters } from '@redress/core';
import type { Pool } from 'pg';
import { guarded } from '../errors/pgErrors';

interface EventRow {
  position: string;
  stream_id: string;
  version: number;
  event: Record<string, unknown>;
  safe?: boolean;
}

export interface ReadSettings {
  readonly upcasters: Upcasters;
  /** Rows fetched per query. */
  readonly pageSize: number;
  /** How long readAll waits for older writers to finish before it ends early. */
  readonly settleMs: number;
}

const READ_ADVICE = 'try again when the database is reachable';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reading streams and the global log, bound to a pool and a quoted schema name. */
export const readEvents = (pool: Pool, s: string, settings: ReadSettings) => {
  const toEvent = (row: EventRow): StoredEvent => {
    const position = Number(row.position);
    let event: StoredEvent;
    try {
      event = parseStoredEvent({ ...row.event, position }, settings.upcasters);
    } catch (error) {
      // Say which row, so an operator can find it: the event itself may be too damaged to name it.
      if (!isRedressError(error, 'TAMPERED')) throw error;
      const details = typeof error.details === 'object' && error.details !== null ? error.details : {};
      throw new RedressError('TAMPERED', `${error.message} (row at position ${position} of ${s}.events)`, { ...details, position }, { cause: error });
    }
    if (event.streamId !== row.stream_id || event.version !== row.version) {
      throw new RedressError(
        'TAMPERED',
        `Stored event at position ${position} of ${s}.events says it is ${event.streamId} v${event.version} but its row is ${row.stream_id} v${row.version}; the table does not hold what Redress wrote, restore it from a backup`,
        { streamId: row.stream_id, version: row.version, position },
      );
    }
    return event;
  };

  const streamSql = `SELECT position, stream_id, version, event FROM ${s}.events
    WHERE stream_id = $1 AND version >= $2 AND version <= $3 ORDER BY version LIMIT $4`;

  // A row is safe to hand out once every transaction older than its writer has
  // finished: positions are reserved in transaction-id order, so no writer still
  // in flight can commit a position below a safe row.
  const allSql = `WITH snap AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
    SELECT e.position, e.stream_id, e.version, e.event, e.tx_id < snap.xmin AS safe FROM ${s}.events e, snap
    WHERE e.position > $1 ORDER BY e.position LIMIT $2`;

  async function* readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    let from = Math.max(1, Math.ceil(options.fromVersion ?? 1));
    const to = Math.min(Math.floor(options.toVersion ?? 2 ** 31 - 1), 2 ** 31 - 1);
    while (from <= to) {
      const { rows } = await guarded(`reading stream ${streamId}`, READ_ADVICE, () =>
        pool.query<EventRow>({ name: `redress.readStream.${s}`, text: streamSql, values: [streamId, from, to, settings.pageSize] }),
      );
      for (const row of rows) {
        const event = toEvent(row);
        from = event.version + 1;
        yield event;
      }
      if (rows.length < settings.pageSize) return;
    }
  }

  const fetchAll = (after: number, size: number) => {
    const page = guarded('reading all events', READ_ADVICE, () => pool.query<EventRow>({ name: `redress.readAll.${s}`, text: allSql, values: [after, size] }));
    // Awaited by the loop; this only keeps a prefetch of a reader that stopped early from going unhandled.
    page.catch(() => {});
    return page;
  };

  async function* readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    let after = Math.max(0, Math.floor(options.after ?? 0));
    let left = options.limit ?? Number.POSITIVE_INFINITY;
    if (!(left > 0)) return;
    let giveUpAt = Date.now() + settings.settleMs;
    let pause = 1;
    let next = fetchAll(after, Math.min(settings.pageSize, left));
    while (left > 0) {
      const size = Math.min(settings.pageSize, left);
      const { rows } = await next;
      let safe = rows.findIndex((row) => row.safe !== true);
      if (safe === -1) safe = rows.length;
      const full = safe === size;
      // Fetch the following page while this one is parsed and consumed.
      if (full && left > size) next = fetchAll(Number(rows[size - 1]!.position), Math.min(settings.pageSize, left - size));
      for (let i = 0; i < safe; i++) {
        const event = toEvent(rows[i]!);
        after = event.position;
        left--;
        yield event;
      }
      if (full) continue;
      if (safe === rows.length) return;
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

  return { readStream, readAll };
};
