import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RedressError, type RedressErrorCode } from '@redress/core';
import type { Progress } from '../progress/progressBar';
import { readingSqlite } from '../source/sqliteDamage';
import { openSqliteReader } from '../source/sqliteSource';
import { rangeBoundaries, verifyRanges, type Boundary, type RangeTally } from './sqliteRanges';

/**
 * A worker's young generation: verify makes short-lived garbage fast, and V8's
 * default lets each thread's nursery grow to about 48 MB, most of the memory an
 * extra thread costs. 16 MB kept a million-event verify at about 166 MB peak on
 * two threads; 8 MB saved 14 MB more but spent a tenth more time collecting.
 */
const YOUNG_MB = 16;

/** What a verify thread is given. */
export interface ThreadInput {
  readonly path: string;
  readonly boundaries: readonly Boundary[];
  /** One Int32: the next range to take, shared by all threads. */
  readonly counter: SharedArrayBuffer;
}

/** What a verify thread says: events done, its tally, or why it stopped. */
export type ThreadMessage =
  | { readonly kind: 'progress'; readonly events: number }
  | { readonly kind: 'done'; readonly tally: RangeTally }
  | { readonly kind: 'failed'; readonly code: RedressErrorCode | undefined; readonly message: string };

/** How many threads a large verify uses by default: the cores, at most four. */
export const defaultThreads = (): number => Math.min(4, availableParallelism());

/**
 * This module's URL. A CommonJS build has `__filename`, which Node gives every
 * CommonJS module; an ES module build and the sources have `import.meta.url`.
 * (tsup's stand-in for `import.meta.url` in CommonJS puts the path into a URL
 * unencoded, so an install path with `#` or `%` in it would name another file.)
 */
const moduleUrl = (): string => (typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url);

/**
 * Start one thread on the thread file beside this module: `verifyThread.cjs`
 * from the CommonJS build, `verifyThread.js` from the ES module build, and from
 * the TypeScript sources a loader that runs `verifyThread.ts` through tsx.
 */
const startThread = (input: ThreadInput): Worker => {
  const here = moduleUrl();
  if (here.endsWith('.ts')) return new Worker(new URL('./sourceThread.mjs', here), { workerData: input });
  return new Worker(new URL(here.endsWith('.cjs') ? './verifyThread.cjs' : './verifyThread.js', here), {
    workerData: input,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
  });
};

/**
 * A thread's tally, or a rejection if it failed or stopped before it finished.
 *
 * @example
 * const tally = await threadTally(new Worker(file, { workerData }), progressBar('verify', total));
 */
export const threadTally = (worker: Worker, progress: Progress): Promise<RangeTally> =>
  new Promise((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: ThreadMessage) => {
      if (m.kind === 'progress') return progress.add(m.events);
      settled = true;
      if (m.kind === 'done') resolve(m.tally);
      else
        reject(
          m.code === undefined
            ? new Error(`A verify thread failed: ${m.message}`)
            : new RedressError(m.code, m.message),
        );
    });
    worker.on('error', (error) => {
      settled = true;
      reject(new Error(`A verify thread failed: ${error.message}`, { cause: error }));
    });
    worker.on('exit', (code) => {
      if (!settled)
        reject(
          new Error(
            `A verify thread stopped (exit code ${code}) before it finished; run verify again with --workers 1`,
          ),
        );
    });
  });

/**
 * Verify a SQLite file on `threads` threads (this one and `threads - 1`
 * workers), each reading its own ranges of complaints through its own
 * read-only connection. A thread that fails fails the whole run: verify never
 * reports on a part of the log as if it were all of it.
 *
 * @example
 * const tally = await verifyInThreads('complaints.db', 2, progressBar('verify', total));
 */
export const verifyInThreads = async (path: string, threads: number, progress: Progress): Promise<RangeTally> => {
  const db = openSqliteReader(path);
  let boundaries: Boundary[];
  try {
    boundaries = readingSqlite(path, () => rangeBoundaries(db, threads));
  } finally {
    db.close();
  }
  const counter = new SharedArrayBuffer(4);
  const shared = new Int32Array(counter);
  const workers: Worker[] = [];
  try {
    const tallies: Promise<RangeTally>[] = [];
    for (let i = 1; i < threads; i++) {
      const worker = startThread({ path, boundaries, counter });
      workers.push(worker);
      const tally = threadTally(worker, progress);
      // Handled below, after this thread's own share; until then a failure must not count as unhandled.
      tally.catch(() => {});
      tallies.push(tally);
    }
    const mine = await verifyRanges(
      path,
      boundaries,
      () => Atomics.add(shared, 0, 1),
      (events) => progress.add(events),
    );
    const all = [mine, ...(await Promise.all(tallies))];
    return {
      complaints: all.reduce((n, t) => n + t.complaints, 0),
      events: all.reduce((n, t) => n + t.events, 0),
      failures: all.flatMap((t) => t.failures),
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
};
