/**
 * Figures of the log-wide Merkle tree (issue 17), each against a baseline
 * measured in the same run:
 * - `append.sqlite.merkle.w1|w8`, `append.postgres.merkle.w1|w8`: appends of one
 *   event with the tree kept, against the very same appends (same store code,
 *   same schema) with the tree step left out; one or eight concurrent writers.
 *   `append.sqlite.merkle.nosync.*`: the same with durability
 *   process-crash-safe, where no fsync hides the tree's cost.
 * - `proof.consistency.1M.sqlite`: the time to build a consistency proof over
 *   1,000,000 events from a SQLite store (worst of several older sizes), with its
 *   length; the note says how long taking a file's existing million events
 *   into the tree took.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { canonicalJson, type AppendOptions, type AppendResult, type RecordedEvent } from '@redress/core';
import { postgresStore } from '@redress/store-postgres';
import { sqliteStore } from '@redress/store-sqlite';
import { withBusyRetry } from '../packages/store-sqlite/src/busyRetry';
import { eventAppender } from '../packages/store-sqlite/src/events/appendEvents';
import { openDatabase, type Durability } from '../packages/store-sqlite/src/schema/openDatabase';
import { chain } from './benchEvents';
import type { Report } from './report';

const PG_URL = process.env.REDRESS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const WINDOW_MS = 300;
const ROUNDS = 4;
const PROOF_EVENTS = 1_000_000;
/** How often the PostgreSQL side reads its tree (taking in what was committed since) while appending. */
const READ_EVERY_MS = 50;

type Append = (streamId: string, events: readonly RecordedEvent[], options: AppendOptions) => Promise<AppendResult>;

/**
 * Appends of one event a call by `writers` concurrent writers (each its own stream
 * and append function), with and without the tree in turns of short windows; the
 * best window of each side counts.
 */
const compare = async (
  writers: number,
  length: number,
  make: (side: 'tree' | 'none', w: number) => Append,
  alongside?: (until: () => boolean) => Promise<void>,
) => {
  const ws = Array.from({ length: writers }, (_, w) => {
    const sides = {
      tree: { append: make('tree', w), events: chain(`T-${w}`, length), done: 0 },
      none: { append: make('none', w), events: chain(`N-${w}`, length), done: 0 },
    };
    return sides;
  });
  const best = { tree: 0, none: 0 };
  for (let r = 0; r < ROUNDS * 2; r++) {
    const side = r % 2 === 0 ? 'tree' : 'none';
    let ops = 0;
    const t0 = performance.now();
    const running = () => performance.now() - t0 < WINDOW_MS;
    await Promise.all([
      side === 'tree' && alongside !== undefined ? alongside(running) : undefined,
      ...ws.map(async (w) => {
        const s = w[side];
        while (performance.now() - t0 < WINDOW_MS && s.done < s.events.length) {
          await s.append(s.events[s.done]!.streamId, [s.events[s.done]!], { expectedVersion: s.done });
          s.done++;
          ops++;
        }
      }),
    ]);
    best[side] = Math.max(best[side], (ops * 1000) / (performance.now() - t0));
  }
  return best;
};

/** SQLite: a store file kept with its tree, and another written by the same appender without it. */
const sqliteAppends = async (dir: string, writers: number, durability: Durability) => {
  const closers: (() => void | Promise<void>)[] = [];
  const paths = {
    tree: join(dir, `tree-${writers}-${durability}.db`),
    none: join(dir, `none-${writers}-${durability}.db`),
  };
  const best = await compare(writers, writers === 1 ? 20_000 : 4_000, (side) => {
    if (side === 'tree') {
      // On the calling thread, like the baseline: the figure is the tree step's cost,
      // not the writer thread's (sqliteWriter.bench.ts measures that).
      const store = sqliteStore({ path: paths.tree, durability, writer: 'inline' });
      closers.push(() => store.close());
      return (id, events, options) => store.append(id, events, options);
    }
    const db = openDatabase({ path: paths.none, durability, busyTimeoutMs: 5000 });
    closers.push(() => {
      db.close();
    });
    const append = eventAppender(db, null);
    return (id, events, options) => withBusyRetry(paths.none, 5000, () => append(id, events, options));
  });
  // The tree kept must be the whole log: otherwise the figure measured something else.
  const check = sqliteStore({ path: paths.tree });
  const db = new Database(paths.tree, { readonly: true });
  const events = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
  db.close();
  const leaves = await check.merkle.size();
  await check.close();
  for (const close of closers) await close();
  if (leaves !== events) throw new Error(`the tree holds ${leaves} leaves for ${events} events`);
  return best;
};

/** Fill a new store file with `count` events in SQL (no journal, no fsync), as sqlite.bench.ts does. */
const fillSqlite = async (path: string, count: number) => {
  await sqliteStore({ path }).close();
  const db = new Database(path);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec('CREATE TEMP TABLE template (version INTEGER PRIMARY KEY, event_id TEXT, type TEXT, body TEXT)');
  const put = db.prepare('INSERT INTO temp.template VALUES (?, ?, ?, ?)');
  for (const e of chain('T', 100)) put.run(e.version, e.id, e.type, canonicalJson(e));
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @count - 1),
       ids AS (SELECT i, 'E-' || i AS eid, 'C-' || (i % @streams) AS sid FROM n)
     INSERT INTO events (stream_id, version, event_id, type, body)
     SELECT sid, t.version, eid, t.type,
            replace(replace(t.body, '"id":"' || t.event_id || '"', '"id":"' || eid || '"'), '"streamId":"T"', '"streamId":"' || sid || '"')
     FROM ids CROSS JOIN temp.template t WHERE t.version = i / @streams + 1`,
  ).run({ count, streams: BigInt(count / 100) });
  db.close();
};

/** The slowest of consistency proofs from several older sizes to `size`, best of three each, and the longest proof. */
const proofTimes = async (proof: (m: number, n: number) => Promise<string[]>, size: number) => {
  let worstMs = 0;
  let longest = 0;
  for (const m of [1, 3, 1000, 262_143, 524_288, 777_777, size - 1]) {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const hashes = await proof(m, size);
      best = Math.min(best, performance.now() - t0);
      longest = Math.max(longest, hashes.length);
    }
    worstMs = Math.max(worstMs, best);
  }
  return { worstMs, longest };
};

/**
 * PostgreSQL: the store takes committed events into its tree when the tree is
 * read, so "with the tree" is the appends with a reader asking for the tree's
 * size back to back all through the window (a checkpointer at its busiest);
 * "without" is the same appends to a schema whose tree nobody reads.
 */
const postgresAppends = async (writers: number) => {
  const tag = randomBytes(4).toString('hex');
  const schemas = { tree: `redress_bench_tree_${tag}`, none: `redress_bench_none_${tag}` };
  const pool = new pg.Pool({ connectionString: PG_URL, max: writers * 2 + 1 });
  pool.on('error', () => {});
  try {
    const stores = {
      tree: postgresStore({ pool, schema: schemas.tree }),
      none: postgresStore({ pool, schema: schemas.none }),
    };
    await Promise.all(Object.values(stores).map((s) => s.checkpoints.get('create')));
    const merkle = stores.tree.merkle;
    // Twenty tree reads a second: far busier than a checkpointer signing every few seconds.
    const reader = async (running: () => boolean) => {
      while (running()) {
        await merkle.size();
        await new Promise((r) => setTimeout(r, READ_EVERY_MS));
      }
    };
    const best = await compare(writers, writers === 1 ? 6_000 : 2_500, (side) => stores[side].append, reader);
    const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${schemas.tree}".events`);
    const size = await merkle.size();
    if (size !== Number(rows[0]!.n)) throw new Error(`the tree holds ${size} leaves for ${rows[0]!.n} events`);
    return best;
  } finally {
    for (const s of Object.values(schemas)) await pool.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await pool.end();
  }
};

export default async (report: Report) => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-bench-proof-'));
  try {
    // The default durability waits for an fsync a commit; process-crash-safe does not, so it shows the tree's own cost.
    for (const [durability, tag] of [
      ['full', ''],
      ['process-crash-safe', '.nosync'],
    ] as const) {
      for (const writers of [1, 8]) {
        const { tree, none } = await sqliteAppends(dir, writers, durability);
        report({
          name: `append.sqlite.merkle${tag}.w${writers}`,
          unit: 'appends/s',
          value: tree,
          baseline: `the same store appends without the tree step, own file, durability ${durability}, ${writers} writer(s) with own connections`,
          baselineValue: none,
          ratio: tree / none,
        });
      }
    }
    for (const writers of [1, 8]) {
      const { tree, none } = await postgresAppends(writers);
      report({
        name: `append.postgres.merkle.w${writers}`,
        unit: 'appends/s',
        value: tree,
        baseline: `the same store append with no tree kept, own schema, ${writers} writer(s)`,
        baselineValue: none,
        ratio: tree / none,
        note: 'the tree is taken in after commit, by whoever reads it next (see docs/audit-trust.md)',
      });
    }

    const path = join(dir, 'million.db');
    await fillSqlite(path, PROOF_EVENTS);
    const store = sqliteStore({ path });
    const t0 = performance.now();
    const size = await store.merkle.size();
    const buildSeconds = (performance.now() - t0) / 1000;
    if (size !== PROOF_EVENTS) throw new Error(`the tree holds ${size} leaves, expected ${PROOF_EVENTS}`);
    const { worstMs, longest } = await proofTimes((m, n) => store.merkle.consistencyProof(m, n), size);
    await store.close();
    report({
      name: 'proof.consistency.1M.sqlite',
      unit: 'ms',
      value: worstMs,
      baseline: 'target: 1 s',
      baselineValue: 1000,
      ratio: 1000 / worstMs,
      note: `slowest of 7 older sizes to ${PROOF_EVENTS}; longest proof ${longest} hashes (2·log2 n = ${Math.ceil(2 * Math.log2(PROOF_EVENTS))}); taking the file's existing ${PROOF_EVENTS} events into the tree took ${buildSeconds.toFixed(1)} s`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
