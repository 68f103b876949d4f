/**
 * `tick.pg.1M` of `pnpm bench deadlines`: one `engine.tick` on PostgreSQL over
 * 1,000,000 open complaints, 10,000 (1%) of them due, timed in a child process of
 * its own (plain node, the file bundled) that reports its peak RSS; baseline: the
 * same tick over a database of 10,000 open complaints, all of them due. The 1M
 * database is made once (events built by the engine on a memory store, a chunk at
 * a time, written with multi-row INSERTs) in the database `redress_bench_tick`, and
 * reused: each run records the warnings of the next 10,000 complaints, so about
 * 90 runs go by before it is made again. Needs the server at REDRESS_PG_URL
 * (default postgres://postgres@127.0.0.1:5432/test).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  businessCalendar,
  createEngine,
  deadlinePolicy,
  memoryStore,
  type IdGenerator,
  type RecordedEvent,
} from '@redress/core';
import { postgresStore } from '@redress/store-postgres';
import type { Report } from './report';

const PG_URL = process.env.REDRESS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB = 'redress_bench_tick';
const self = fileURLToPath(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const ENV = 'REDRESS_TICK_PG_CHILD';
const H = 3_600_000;
const T0 = Date.parse('2026-01-05T00:00:00Z');
/** Complaints received this far apart: 1,000,000 of them over 100 hours. */
const SPACING_MS = 360;
const DUE = 10_000;
const CHUNK = 10_000;
/** Warn at 80% of 1,000 hours: every warning (hours 800 to 900) comes before any breach (from hour 1000). */
const policy = () => deadlinePolicy({ calendar: businessCalendar(), rules: { decide: { within: { hours: 1000 } } } });

const benchUrl = () => {
  const url = new URL(PG_URL);
  url.pathname = `/${DB}`;
  return url.toString();
};

const newPool = (connectionString: string, max: number) => {
  const pool = new pg.Pool({ connectionString, max });
  pool.on('error', () => {});
  return pool;
};

/** The event as the store writes it (the same fields, in the same order, as its append). */
const body = (e: RecordedEvent) =>
  JSON.stringify({
    id: e.id,
    streamId: e.streamId,
    version: e.version,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    actor: e.actor,
    occurredAt: e.occurredAt,
    correlationId: e.correlationId,
    causationId: e.causationId,
    commandId: e.commandId,
    prevHash: e.prevHash,
    hash: e.hash,
  });

/** Complaints `from`…`to - 1`, received by the engine on a memory store, then written to `schema` in one go. */
const writeChunk = async (pool: pg.Pool, schema: string, from: number, to: number, position: number) => {
  let now = T0;
  let e = 0;
  let c = from;
  const ids: IdGenerator = { eventId: () => `E-${from}-${++e}`, complaintId: () => `C-${++c}` };
  const store = memoryStore();
  const engine = createEngine({ store, ids, clock: () => new Date(now), privacy: 'plaintext', deadlines: policy() });
  for (let i = from; i < to; i++) {
    now = T0 + i * SPACING_MS;
    await engine.execute({
      type: 'receive',
      actor: { id: 'agent-1', role: 'agent' },
      channel: 'web',
      category: 'billing',
      complainant: { name: 'N' },
      summary: 'Charged twice',
    });
  }
  const events: RecordedEvent[] = [];
  for await (const stored of store.readAll()) events.push(stored);
  for (let k = 0; k < events.length; k += 5000) {
    const rows = events.slice(k, k + 5000);
    await pool.query(
      `INSERT INTO "${schema}".events (position, stream_id, version, event_id, type, schema_version, occurred_at, event)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[], $7::timestamptz[], $8::json[])`,
      [
        rows.map((_, j) => position + k + j + 1),
        rows.map((r) => r.streamId),
        rows.map((r) => r.version),
        rows.map((r) => r.id),
        rows.map((r) => r.type),
        rows.map((r) => r.schemaVersion),
        rows.map((r) => r.occurredAt),
        rows.map(body),
      ],
    );
  }
  return position + events.length;
};

/** The schema of `n` open complaints, made unless a complete one is there with warnings still to come. */
const database = async (schema: string, n: number, reuse: boolean) => {
  const pool = newPool(benchUrl(), 2);
  try {
    const store = postgresStore({ pool, schema });
    const filled = await pool
      .query(`SELECT position FROM "${schema}".checkpoints WHERE name = 'bench:complaints'`)
      .then((r) => Number(r.rows[0]?.position ?? 0))
      .catch(() => 0);
    if (reuse && filled === n && (await nextTickAt(pool, schema)) < T0 + 950 * H) return { made: false, ms: 0 };
    const t0 = performance.now();
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await store.checkpoints.get('create');
    let position = 0;
    for (let from = 0; from < n; from += CHUNK)
      position = await writeChunk(pool, schema, from, Math.min(n, from + CHUNK), position);
    await pool.query(`SELECT setval('"${schema}".position_seq', $1)`, [position]);
    await pool.query(`ANALYZE "${schema}".events; ANALYZE "${schema}".due_moments`);
    await store.checkpoints.set('bench:complaints', n);
    return { made: true, ms: performance.now() - t0 };
  } finally {
    await pool.end();
  }
};

/** The moment by which the next 10,000 complaints are due: the 10,000th earliest moment in the table. */
const nextTickAt = async (pool: pg.Pool, schema: string) => {
  const { rows } = await pool.query<{ due_at: Date }>(
    `SELECT due_at FROM "${schema}".due_moments WHERE due_at IS NOT NULL ORDER BY due_at, stream_id OFFSET $1 LIMIT 1`,
    [DUE - 1],
  );
  return rows[0]?.due_at.getTime() ?? Number.POSITIVE_INFINITY;
};

/** In a child: one tick (after a warm-up tick that finds nothing due), its time, what it recorded, peak RSS. */
const tickJob = async (schema: string) => {
  const pool = newPool(benchUrl(), 10);
  const store = postgresStore({ pool, schema });
  const at = await nextTickAt(pool, schema);
  const engine = createEngine({ store, clock: () => new Date(at), privacy: 'plaintext', deadlines: policy() });
  await engine.tick(new Date(T0));
  const t0 = performance.now();
  const { events, complaintsChecked } = await engine.tick(new Date(at));
  const ms = performance.now() - t0;
  await pool.end();
  return { ms, recorded: events.length, checked: complaintsChecked, rssMB: process.resourceUsage().maxRSS / 1024 };
};

/** This file bundled to plain JavaScript (`pg` external), so the child's RSS has no TypeScript loader in it. */
const bundleChild = async (): Promise<string> => {
  const outDir = join(root, 'node_modules', '.cache', 'redress-bench');
  const { build } = await import('tsup');
  await build({
    entry: { 'tick-pg-child': self },
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
  return join(outDir, 'tick-pg-child.js');
};

type TickFigure = Awaited<ReturnType<typeof tickJob>>;

const inChild = (script: string, schema: string): Promise<TickFigure> =>
  new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [script], {
      cwd: root,
      env: { ...process.env, [ENV]: schema },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as TickFigure)
        : reject(new Error(`bench child failed: ${err}`)),
    );
  });

const child = process.env[ENV];
if (child !== undefined) console.log(JSON.stringify(await tickJob(child)));

/** `tick.pg.1M`: the tick over 1M open complaints against the same tick over 10k. */
export const pgTickFigures = async (report: Report) => {
  const admin = newPool(PG_URL, 1);
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB]);
  if (exists.rows.length === 0) await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  const big = await database('tick_1m', 1_000_000, true);
  await database('tick_10k', DUE, false);
  const script = await bundleChild();
  const small = await inChild(script, 'tick_10k');
  const large = await inChild(script, 'tick_1m');
  if (large.recorded !== DUE || small.recorded !== DUE)
    throw new Error(`expected ${DUE} warnings each, got ${large.recorded} and ${small.recorded}`);
  report({
    name: 'tick.pg.1M',
    unit: 'ms',
    value: large.ms,
    baseline: 'the same tick over 10,000 open complaints, all due',
    baselineValue: small.ms,
    ratio: small.ms / large.ms,
    note: `1,000,000 open, ${large.recorded} warnings appended, ${large.checked} checked; peak RSS ${Math.round(large.rssMB)} MB (10k: ${Math.round(small.rssMB)} MB)${big.made ? `; database made in ${Math.round(big.ms / 1000)} s` : ''}`,
  });
};
