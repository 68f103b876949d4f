import type Database from 'better-sqlite3';
import { openSqliteReader, sqliteStreams } from '../source/sqliteSource';
import { sharedScope } from './machineLegality';
import { verifyStream, type BadEvent } from './verifyStream';

/** What one thread found in the ranges it verified. */
export interface RangeTally {
  complaints: number;
  events: number;
  readonly failures: BadEvent[];
}

/** A stream id as SQLite stores it (a tampered file may hold any SQLite value). */
export type Boundary = string | number | bigint | Buffer | null;

/** Ranges per thread: enough that a thread slowed by other work leaves its share to the others. */
const RANGES_PER_THREAD = 8;
/** At most this many complaints per range, so that progress moves on a large log. */
const MOST_PER_RANGE = 500;

/**
 * Cut a SQLite log into ranges of complaints for `threads` threads: the stream
 * ids where a new range starts, in the store's own order. Range `i` of the
 * `boundaries.length + 1` ranges runs from boundary `i - 1` (inclusive) to
 * boundary `i` (exclusive); the first and last are open, so every row falls in
 * exactly one range, whatever its stream id.
 *
 * @example
 * const boundaries = rangeBoundaries(db, 2);
 */
export const rangeBoundaries = (db: Database.Database, threads: number): Boundary[] => {
  const streams = db.prepare('SELECT count(DISTINCT stream_id) FROM events').pluck().get() as number;
  const perRange = Math.max(1, Math.min(MOST_PER_RANGE, Math.ceil(streams / (threads * RANGES_PER_THREAD))));
  const out: Boundary[] = [];
  let n = 0;
  for (const id of db.prepare('SELECT DISTINCT stream_id FROM events ORDER BY stream_id').pluck().iterate()) {
    if (n > 0 && n % perRange === 0) out.push(id as Boundary);
    n++;
  }
  return out;
};

const SELECT = 'SELECT position, stream_id, body FROM events';
const ORDER = 'ORDER BY stream_id, version';

/**
 * The rows (`position, stream_id, body`, by stream and version) of range `i`.
 *
 * @example
 * for (const row of rangeRows(db, boundaries)(0)) console.log(row);
 */
export const rangeRows = (db: Database.Database, boundaries: readonly Boundary[]) => {
  const all = db.prepare(`${SELECT} ${ORDER}`);
  const below = db.prepare(`${SELECT} WHERE stream_id < ? ${ORDER}`);
  const between = db.prepare(`${SELECT} WHERE stream_id >= ? AND stream_id < ? ${ORDER}`);
  const from = db.prepare(`${SELECT} WHERE stream_id >= ? ${ORDER}`);
  const last = boundaries.length;
  return (i: number): Iterable<unknown> => {
    if (last === 0) return all.iterate();
    if (i === 0) return below.iterate(boundaries[0]);
    if (i === last) return from.iterate(boundaries[last - 1]);
    return between.iterate(boundaries[i - 1], boundaries[i]);
  };
};

/**
 * Verify ranges of a SQLite file on this thread, taking the next range from
 * `next()` until none is left (threads share one counter, so each range is
 * verified exactly once). `progress` hears the events of each finished range;
 * between ranges the thread lets its event loop run.
 *
 * @example
 * const tally = await verifyRanges('complaints.db', [], () => i++, () => {});
 */
export const verifyRanges = async (
  path: string,
  boundaries: readonly Boundary[],
  next: () => number,
  progress: (events: number) => void,
): Promise<RangeTally> => {
  const db = openSqliteReader(path);
  try {
    const rows = rangeRows(db, boundaries);
    const last = boundaries.length;
    const scope = sharedScope();
    const tally: RangeTally = { complaints: 0, events: 0, failures: [] };
    for (let i = next(); i <= last; i = next()) {
      let events = 0;
      for await (const stream of sqliteStreams(rows(i), path)) {
        tally.complaints++;
        events += stream.events.length;
        const bad = await verifyStream(stream, scope);
        if (bad !== undefined) tally.failures.push(bad);
      }
      tally.events += events;
      progress(events);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return tally;
  } finally {
    db.close();
  }
};
