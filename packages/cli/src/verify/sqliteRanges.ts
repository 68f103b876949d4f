import type Database from 'better-sqlite3';
import { openSqliteReader } from '../source/sqliteSource';
import { storedRaw, type RawEvent } from '../source/source';
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

/** A row as a range reads it: `[position, stream_id, body]` (arrays cost less than objects). */
export type RangeRow = readonly [position: number, streamId: Boundary, body: string];

/**
 * The rows of range `i`, by stream and version.
 *
 * @example
 * for (const row of rangeRows(db, boundaries)(0)) console.log(row);
 */
export const rangeRows = (db: Database.Database, boundaries: readonly Boundary[]) => {
  const all = db.prepare(`${SELECT} ${ORDER}`).raw();
  const below = db.prepare(`${SELECT} WHERE stream_id < ? ${ORDER}`).raw();
  const between = db.prepare(`${SELECT} WHERE stream_id >= ? AND stream_id < ? ${ORDER}`).raw();
  const from = db.prepare(`${SELECT} WHERE stream_id >= ? ${ORDER}`).raw();
  const last = boundaries.length;
  return (i: number): Iterable<RangeRow> => {
    if (last === 0) return all.iterate() as Iterable<RangeRow>;
    if (i === 0) return below.iterate(boundaries[0]) as Iterable<RangeRow>;
    if (i === last) return from.iterate(boundaries[last - 1]) as Iterable<RangeRow>;
    return between.iterate(boundaries[i - 1], boundaries[i]) as Iterable<RangeRow>;
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
    const check = async (streamId: Boundary, events: RawEvent[]) => {
      tally.complaints++;
      const bad = await verifyStream({ streamId: String(streamId), events }, scope);
      if (bad !== undefined) tally.failures.push(bad);
    };
    for (let i = next(); i <= last; i = next()) {
      // Rows come sorted by stream, and a range holds whole streams: each stream is verified when the next begins.
      let events = 0;
      let streamId: Boundary | undefined;
      let records: RawEvent[] = [];
      for (const [position, id, body] of rows(i)) {
        if (id !== streamId && records.length > 0) {
          await check(streamId as Boundary, records);
          records = [];
        }
        streamId = id;
        records.push(storedRaw(body, position));
        events++;
      }
      if (records.length > 0) await check(streamId as Boundary, records);
      tally.events += events;
      progress(events);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return tally;
  } finally {
    db.close();
  }
};
