/**
 * Figures of issue 21 ("Scale, measured") over a 10,000,000-event PostgreSQL log,
 * made once by this benchmark in a database of its own and reused (see scaleLog.ts):
 * - `readAll.postgres.10M`: events/s of `store.readAll()` over the whole log, in a
 *   child process on plain node, counting only events whose hash the read
 *   checked; baseline, same run: the raw `pg` driver reading the same rows in the
 *   same order (keyset pages of the store's page size) + JSON.parse + one sha256
 *   of each row's text.
 * - `readAll.postgres.10M.rssMB`: the peak RSS of those two children.
 *
 * Needs the server at REDRESS_PG_URL (default postgres://postgres@127.0.0.1:5432/test);
 * the log goes in the database REDRESS_SCALE_DB (default redress_bench_scale), about
 * 10 GB on disk. REDRESS_SCALE_EVENTS makes a smaller log, to try the benchmark out.
 */
import { spawn } from 'node:child_process';
import { hash as sha256 } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { hashedWhenRead, statisticsProjection, statisticsTable, type StatisticsRow } from '@redress/core';
import { postgresStore, sqlStatistics } from '@redress/store-postgres';
import type { Report } from './report';
import { SCALE_SCHEMA, checkSample, ensureScaleLog, scaleUrl } from './scaleLog';

const PG_URL = process.env.REDRESS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DATABASE = process.env.REDRESS_SCALE_DB ?? 'redress_bench_scale';
const TOTAL = Number(process.env.REDRESS_SCALE_EVENTS ?? 10_000_000);
/** The store's default page size, which the baseline pages by too. */
const PAGE = 1000;
const ENV = 'REDRESS_SCALE_BENCH_JOB';
/** Alternating full reads of each side. */
const ROUNDS = 2;
const self = fileURLToPath(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));

interface Job {
  readonly kind: 'readAll' | 'raw' | 'statistics';
  readonly url: string;
}
interface Outcome {
  readonly events: number;
  readonly ms: number;
  readonly rssMB: number;
  /** The child's own CPU time (user + system), less at the mercy of the machine's other load than `ms`. */
  readonly cpuMs: number;
  /** The statistics job's counting columns. */
  readonly counts?: unknown;
}

/** The table both statistics figures compute. */
const TABLE = { period: 'month', timeZone: 'Asia/Shanghai' } as const;

/** The counting columns of core's table, as `sqlStatistics` gives them. */
const countsOf = (table: ReturnType<typeof statisticsTable>) => {
  const counts = (r: StatisticsRow) => ({
    period: r.period,
    category: r.category,
    department: r.department,
    received: r.received,
    outcomes: r.outcomes,
  });
  return { rows: table.rows.map(counts), totals: counts(table.totals) };
};

const AS_TEXT = { getTypeParser: () => (value: string) => value } as unknown as pg.QueryArrayConfig['types'];

/** The raw read: keyset pages in position order, each row's text parsed and hashed once. */
const rawCount = async (pool: pg.Pool): Promise<number> => {
  let after = '0';
  let n = 0;
  for (;;) {
    const { rows } = await pool.query<[string, string]>({
      name: 'scale.raw',
      text: `SELECT position, event FROM "${SCALE_SCHEMA}".events WHERE position > $1 ORDER BY position LIMIT $2`,
      values: [after, PAGE],
      rowMode: 'array',
      types: AS_TEXT,
    });
    for (const [, text] of rows) {
      const e = JSON.parse(text) as { version: number };
      if (e.version > 0 && sha256('sha256', text, 'hex').length === 64) n++;
    }
    if (rows.length < PAGE) return n;
    after = rows.at(-1)![0];
  }
};

/** In a child: read the whole log one way, and time it. */
const runJob = async (job: Job): Promise<Outcome> => {
  const pool = new pg.Pool({ connectionString: job.url, max: 3 });
  pool.on('error', () => {});
  const t0 = performance.now();
  let events = 0;
  let counts: unknown;
  if (job.kind === 'raw') events = await rawCount(pool);
  else if (job.kind === 'statistics') {
    // Core's way: every event through the statistics projection, then the table in memory.
    const store = postgresStore({ pool, schema: SCALE_SCHEMA, createSchema: false });
    const projection = statisticsProjection();
    let state = projection.init();
    for await (const e of store.readAll()) {
      state = projection.apply(state, e);
      events++;
    }
    counts = countsOf(statisticsTable(state, TABLE));
  } else {
    const store = postgresStore({ pool, schema: SCALE_SCHEMA, createSchema: false });
    // Only events whose stored form the read hashed and found to give their hash count.
    for await (const e of store.readAll()) if (hashedWhenRead(e)) events++;
  }
  const ms = performance.now() - t0;
  await pool.end();
  const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
  return {
    events,
    ms,
    rssMB: maxRSS / 1024,
    cpuMs: (userCPUTime + systemCPUTime) / 1000,
    ...(counts === undefined ? {} : { counts }),
  };
};

/** This file bundled to plain JavaScript (`pg` external), so the child runs as a built app would. */
const bundleChild = async (): Promise<string> => {
  const outDir = join(root, 'node_modules', '.cache', 'redress-bench');
  const { build } = await import('tsup');
  await build({
    entry: { 'scale-child': self },
    outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    splitting: false,
    dts: false,
    silent: true,
    config: false,
    noExternal: [/^@redress\/(core|store-postgres)$/, 'zod', 'xstate', 'immer'],
    external: ['pg', 'tsup'],
    esbuildOptions(options) {
      options.conditions = ['@redress/source'];
    },
  });
  return join(outDir, 'scale-child.js');
};

const inChild = (script: string, job: Job): Promise<Outcome> =>
  new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [script], {
      cwd: root,
      env: { ...process.env, [ENV]: JSON.stringify(job) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as Outcome)
        : reject(new Error(`scale bench child failed: ${err}`)),
    );
  });

const job = process.env[ENV];
if (job !== undefined) console.log(JSON.stringify(await runJob(JSON.parse(job) as Job)));

export default async (report: Report) => {
  const { buildSeconds, complaints, shapes } = await ensureScaleLog(PG_URL, DATABASE, TOTAL);
  const url = scaleUrl(PG_URL, DATABASE);
  // A few complaints of the log, byte for byte against the events computed here.
  await checkSample(url, shapes, [0, 1, shapes.length - 1, Math.floor(complaints / 2), complaints - 1], TOTAL);
  const made =
    buildSeconds === undefined ? 'reused the log made before' : `made the log in ${buildSeconds.toFixed(0)} s`;
  console.error(`scale: ${made} (${TOTAL} events, ${complaints} complaints)`);

  const script = await bundleChild();
  // One after the other (the figure is time), in alternating rounds, the best of each counting:
  // on this shared machine one trial of a single pass each gave 0.84, others 0.35 to 0.40.
  let raw: Outcome | undefined;
  let ours: Outcome | undefined;
  for (let i = 0; i < ROUNDS; i++) {
    const r = await inChild(script, { kind: 'raw', url });
    const o = await inChild(script, { kind: 'readAll', url });
    if (raw === undefined || r.ms < raw.ms) raw = r;
    if (ours === undefined || o.ms < ours.ms) ours = o;
  }
  if (raw === undefined || ours === undefined) throw new Error('no round ran');
  if (ours.events !== TOTAL || raw.events !== TOTAL)
    throw new Error(`read ${ours.events} checked / ${raw.events} raw events, expected ${TOTAL}`);
  const millions = `${TOTAL / 1e6}M`;
  report({
    name: `readAll.postgres.${millions}`,
    unit: 'events/s',
    value: (TOTAL * 1000) / ours.ms,
    baseline: `raw pg, the same rows in ${PAGE}-row keyset pages + JSON.parse + one sha256 of each row`,
    baselineValue: (TOTAL * 1000) / raw.ms,
    ratio: raw.ms / ours.ms,
    note: `plain-node children, one after the other, best of ${ROUNDS} alternating rounds, over ${complaints} complaints; every event's hash checked; ${made}`,
  });
  report({
    name: `readAll.postgres.${millions}.cpu`,
    unit: 'events/CPU-s',
    value: (TOTAL * 1000) / ours.cpuMs,
    baseline: 'the raw read above, per second of its own CPU time',
    baselineValue: (TOTAL * 1000) / raw.cpuMs,
    ratio: raw.cpuMs / ours.cpuMs,
    note: "the reading process's user + system CPU time, less at the mercy of the machine's other load than wall time; the server's work is not in it",
  });
  report({
    name: `readAll.postgres.${millions}.rssMB`,
    unit: 'MB',
    value: ours.rssMB,
    baseline: 'the raw read above, same child-process setup',
    baselineValue: raw.rssMB,
    ratio: raw.rssMB / ours.rssMB,
  });

  const memory = await inChild(script, { kind: 'statistics', url });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => {});
  try {
    let sqlMs = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const sql = await sqlStatistics(pool, { ...TABLE, schema: SCALE_SCHEMA });
      sqlMs = Math.min(sqlMs, performance.now() - t0);
      // The figure counts only if both ways give the same table.
      if (JSON.stringify(sql) !== JSON.stringify(memory.counts))
        throw new Error('sqlStatistics and statisticsTable disagree over the log');
      if (sql.totals.received !== complaints)
        throw new Error(`counted ${sql.totals.received} complaints, expected ${complaints}`);
    }
    report({
      name: `statistics.postgres.sql.${complaints >= 1e6 ? `${Math.floor(complaints / 1e6)}M` : complaints}`,
      unit: 'ms',
      value: sqlMs,
      baseline: `core's statisticsTable after readAll through the statistics projection, a plain-node child`,
      baselineValue: memory.ms,
      ratio: memory.ms / sqlMs,
      note: `received and outcomes per month × category × department (Asia/Shanghai) over ${complaints} complaints (${TOTAL} events), best of 3; both tables equal`,
    });
  } finally {
    await pool.end();
  }
};
