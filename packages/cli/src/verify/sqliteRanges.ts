import type Database from 'better-sqlite3';
import { sqliteReadFailure } from '../source/sqliteDamage';
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
/** About this many events per range, so that progress moves on a large log. */
const EVENTS_PER_RANGE = 5_000;
/** Positions sampled per range. */
const SAMPLES = 8;

/**
 * Cut a SQLite log into ranges of complaints for `threads` threads: the stream
 * ids where a new range starts, in the store's own order. Range `i` of the
 * `boundaries.length + 1` ranges runs from boundary `i - 1` (inclusive) to
 * boundary `i` (exclusive); the first and last are open, so every row falls in
 * exactly one range, whatever its stream id.
 *
 * The boundaries are quantiles of the stream ids of events at evenly spaced
 * positions, so ranges hold roughly as many events each (on a million-event
 * log, 5,000 each when it was written complaint by complaint, 1,600 to 8,400
 * when complaints interleave); many ranges per thread even out the rest.
 * Finding them is some hundreds of primary-key lookups, not a walk over the
 * index of a million rows that every thread would wait for.
 *
 * @example
 * const boundaries = rangeBoundaries(db, 2);
 */
export const rangeBoundaries = (db: Database.Database, threads: number): Boundary[] => {
  // Two subqueries: SQLite answers each from one end of the primary key, where one query asking for both scans the table.
  const { lo, hi } = db
    .prepare('SELECT (SELECT min(position) FROM events) AS lo, (SELECT max(position) FROM events) AS hi')
    .get() as { lo: number | null; hi: number | null };
  if (lo === null || hi === null) return [];
  const span = hi - lo + 1;
  const ranges = Math.max(threads * RANGES_PER_THREAD, Math.ceil(span / EVENTS_PER_RANGE));
  // Sampled several times over, and every step-th of the sorted ids kept: quantiles of a
  // larger sample, so a log laid out in a regular pattern does not bunch the boundaries.
  const count = ranges * SAMPLES;
  const samples: number[] = [];
  for (let i = 1; i < count; i++) samples.push(lo + Math.floor((i * span) / count));
  // A position left empty by a rolled-back append is simply not found.
  const ids = db
    .prepare('SELECT stream_id FROM events WHERE position IN (SELECT value FROM json_each(?)) ORDER BY stream_id')
    .pluck()
    .all(JSON.stringify(samples)) as Boundary[];
  // A small log has fewer rows than samples: then every id found starts a range.
  const step = Math.max(1, Math.round(ids.length / ranges));
  const out: Boundary[] = [];
  for (let i = step - 1; i < ids.length; i += step)
    if (out.length === 0 || out.at(-1) !== ids[i]) out.push(ids[i] as Boundary);
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
  } catch (error) {
    throw sqliteReadFailure(path, error);
  } finally {
    db.close();
  }
};
