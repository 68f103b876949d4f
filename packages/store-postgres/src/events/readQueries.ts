import type { QueryArrayConfig } from 'pg';

/**
 * A row as the read queries select it, every column as PostgreSQL's text:
 * `position, stream_id, version, event` and, for readAll, `safe` ('t' or 'f').
 * Arrays rather than objects, and no type parsers: the store converts the few
 * columns itself, so neither costs per row, and a pool with its own parsers
 * (for json or int8, say) reads the same.
 */
export type EventRow = readonly [position: string, streamId: string, version: string, event: string, safe?: string];

const AS_TEXT = { getTypeParser: () => (value: string) => value } as unknown as QueryArrayConfig['types'];

/** A named (prepared) query returning rows as arrays of text. */
const query = (name: string, text: string, values: unknown[]): QueryArrayConfig => ({
  name,
  text,
  values,
  rowMode: 'array',
  types: AS_TEXT,
});

/**
 * The two read queries of the events table in the quoted schema `s`.
 *
 * @example
 * const { rows } = await pool.query<EventRow>(readQueries('"redress"').streamPage('C-1', 1, 100, 1000));
 */
export const readQueries = (s: string) => {
  const streamSql = `SELECT position, stream_id, version, event FROM ${s}.events
    WHERE stream_id = $1 AND version >= $2 AND version <= $3 ORDER BY version LIMIT $4`;

  // A row is safe to hand out once every transaction older than its writer has
  // finished: positions are reserved in transaction-id order, so no writer still
  // in flight can commit a position below a safe row. The offset lets the next
  // page be asked for before this one's last row is known (see prefetch.ts).
  const allSql = `WITH snap AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
    SELECT e.position, e.stream_id, e.version, e.event, e.tx_id < snap.xmin AS safe FROM ${s}.events e, snap
    WHERE e.position > $1 ORDER BY e.position LIMIT $2 OFFSET $3`;

  return {
    /** Up to `size` events of a stream, versions `from` to `to`. */
    streamPage: (streamId: string, from: number, to: number, size: number) =>
      query(`redress.readStream.${s}`, streamSql, [streamId, from, to, size]),
    /** Up to `size` rows of the log after position `after`, skipping the first `offset`, each with its `safe` flag. */
    allPage: (after: number, size: number, offset: number) =>
      query(`redress.readAll.${s}`, allSql, [after, size, offset]),
  };
};
