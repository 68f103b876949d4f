/**
 * PostgreSQL store figures of issue 3, each against the raw `pg` driver doing the
 * same work in the same run: appends of 1 and 3 events and `execute` with 1 and 8
 * writers (8 concurrent writers, each on its own connection), replay of 100,000
 * events, and peak memory streaming 1,000,000 events through `readAll` (in a child
 * process). Needs the server at REDRESS_PG_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createEngine, type RecordedEvent } from '@redress/core';
import { postgresStore } from '@redress/store-postgres';
import type { Report } from './report';

const PG_URL = process.env.REDRESS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const self = fileURLToPath(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const ENV = 'REDRESS_PG_BENCH_STREAM';
const WINDOW_MS = 1000;
const STREAM_EVENTS = 1_000_000;
const REPLAY_EVENTS = 100_000;
const PAGE = 1000;
/** Alternating rounds of each replay read. */
const REPLAY_ROUNDS = 5;

type Kind = 'append' | 'rawAppend' | 'execute' | 'rawExecute';

const newPool = (max: number) => {
  const pool = new pg.Pool({ connectionString: PG_URL, max });
  pool.on('error', () => {});
  return pool;
};

/** The raw baseline's table: the same columns, constraint and indexes, positions from bigserial. */
const rawTable = (schema: string) => `CREATE SCHEMA "${schema}";
CREATE TABLE "${schema}".events (
  position bigserial PRIMARY KEY, stream_id text NOT NULL, version integer NOT NULL, event_id text NOT NULL, type text NOT NULL,
  schema_version integer NOT NULL, occurred_at timestamptz NOT NULL, event json NOT NULL, UNIQUE (stream_id, version))`;

/** One autocommit INSERT of the rows, as an application would write it with the driver. */
const rawInsert = (schema: string, events: readonly RecordedEvent[]) => {
  const values = events.map(
    (_, i) =>
      `($${i * 7 + 1}, $${i * 7 + 2}, $${i * 7 + 3}, $${i * 7 + 4}, $${i * 7 + 5}, $${i * 7 + 6}, $${i * 7 + 7})`,
  );
  const params = events.flatMap((e) => [
    e.streamId,
    e.version,
    e.id,
    e.type,
    e.schemaVersion,
    e.occurredAt,
    JSON.stringify(e),
  ]);
  return {
    text: `INSERT INTO "${schema}".events (stream_id, version, event_id, type, schema_version, occurred_at, event) VALUES ${values.join(', ')}`,
    values: params,
  };
};

/** Operations per second of `writers` concurrent writers, each on its own stream (or complaint). */
const rate = async (
  kind: Kind,
  batch: number,
  writers: number,
  schemas: { ours: string; raw: string },
): Promise<number> => {
  const pool = newPool(writers);
  const store = postgresStore({ pool, schema: schemas.ours });
  const engine = createEngine({ store });
  const tag = randomBytes(4).toString('hex');
  // Loaded here, not at the top, so the streaming child (this file, bundled) stays lean.
  const { testEvents } = await import('@redress/testing');
  const steps = await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const stream = `S-${kind}-${tag}-${w}`;
      // Enough to fill the window at well above the rates seen (raw: 3,600 appends/s alone,
      // 11,000/s with 8 writers), so both sides are timed over the whole window.
      const chain = testEvents(stream, batch * (writers === 1 ? 6_000 : 2_500), {
        note: (i) => `note ${i} from writer ${w}: 客户反馈已记录`,
      });
      let v = 0;
      if (kind === 'append') {
        return async () => {
          if (v + batch > chain.length) return false;
          await store.append(stream, chain.slice(v, v + batch), { expectedVersion: v });
          v += batch;
          return true;
        };
      }
      if (kind === 'execute') {
        const actor = { id: `agent-${w}`, role: 'agent' } as const;
        const { complaintId } = await engine.execute({
          type: 'receive',
          actor,
          channel: 'web',
          category: 'service',
          complainant: { name: '王芳' },
          summary: 'Late delivery',
        });
        let n = 0;
        return async () => {
          await engine.execute({
            type: 'addNote',
            complaintId,
            actor,
            text: `note ${n++} from writer ${w}: 客户反馈已记录`,
          });
          return true;
        };
      }
      return async () => {
        if (v + batch > chain.length) return false;
        await pool.query(rawInsert(schemas.raw, chain.slice(v, v + batch)));
        v += batch;
        return true;
      };
    }),
  );
  const t0 = performance.now();
  const counts = await Promise.all(
    steps.map(async (step) => {
      let ops = 0;
      while (performance.now() - t0 < WINDOW_MS && (await step())) ops++;
      return ops;
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await pool.end();
  return counts.reduce((a, b) => a + b, 0) / seconds;
};

/**
 * Best of three alternating runs each, so ours and raw see the same machine. With
 * two, one stall of the disk's fsync took a ratio from 0.85 to 0.35 between runs.
 */
const compare = async (
  ours: Kind,
  raw: Kind,
  batch: number,
  writers: number,
  schemas: { ours: string; raw: string },
) => {
  let a = 0;
  let b = 0;
  for (let i = 0; i < 3; i++) {
    a = Math.max(a, await rate(ours, batch, writers, schemas));
    b = Math.max(b, await rate(raw, batch, writers, schemas));
  }
  return { ours: a, raw: b };
};

/** SQL for a UUIDv7-shaped id (36 characters) unique to the bigint `n`. */
const uuidShaped = (n: string) => `lpad(to_hex(${n}), 8, '0') || '-0000-7000-8000-' || lpad(to_hex(${n}), 12, '0')`;

/**
 * Fill the store's schema with `count` schema-valid events (100 per stream) in one
 * INSERT … SELECT. The table is made UNLOGGED first: loading is not what is
 * measured, and reading an unlogged table costs the same. Ids have the shape and
 * length of the engine's default ids (a UUIDv7 and `C-` + one): JSON.parse keeps
 * string values of ten characters or fewer in V8's string table, so short ids such
 * as `E-123456` added 30–50 MB to any reader's peak, raw driver included (see
 * docs/store-postgres.md).
 */
const fill = async (pool: pg.Pool, schema: string, count: number) => {
  const s = `"${schema}"`;
  await pool.query(`ALTER TABLE ${s}.events SET UNLOGGED`);
  // Two halves on two connections at once: loading is CPU-bound on the server.
  const half = Math.floor(count / 2);
  await Promise.all(
    [
      [1, half],
      [half + 1, count],
    ].map(([from, to]) =>
      pool.query(
        `INSERT INTO ${s}.events (position, stream_id, version, event_id, type, schema_version, occurred_at, event)
        SELECT g, sid, (g - 1) % 100 + 1, eid, 'NoteAdded', 1, '2026-01-01T00:00:00Z',
          ('{"id":"' || eid || '","streamId":"' || sid || '","version":' || ((g - 1) % 100 + 1) ||
           ',"type":"NoteAdded","schemaVersion":1,"data":{"text":"note ' || g || ': 水壶漏水，客户要求更换 ✅"},' ||
           '"actor":{"id":"agent-1","role":"agent"},"occurredAt":"2026-01-01T00:00:00.000Z","correlationId":"' || eid ||
           '","causationId":null,"commandId":null,"prevHash":"' || repeat('0', 64) || '","hash":"' || repeat('a', 64) || '"}')::json
        FROM generate_series($1::bigint, $2::bigint) g,
          LATERAL (SELECT ${uuidShaped('g')} AS eid, 'C-' || ${uuidShaped('(g - 1) / 100')} AS sid) ids`,
        [from, to],
      ),
    ),
  );
  await pool.query(`SELECT setval('${s}.position_seq', $1)`, [count]);
  await pool.query(`ANALYZE ${s}.events`);
};

/** The raw read: the same keyset pages, the driver's JSON.parse of each row. */
async function* rawRead(pool: pg.Pool, schema: string, limit: number): AsyncIterable<{ version: number }> {
  let after = 0;
  let left = limit;
  while (left > 0) {
    const { rows } = await pool.query<{ position: string; event: { version: number } }>(
      `SELECT position, event FROM "${schema}".events WHERE position > $1 ORDER BY position LIMIT $2`,
      [after, Math.min(PAGE, left)],
    );
    for (const row of rows) yield row.event;
    if (rows.length === 0) return;
    left -= rows.length;
    after = Number(rows.at(-1)!.position);
  }
}

/** In a child: stream the whole log and report peak RSS in MB. */
const streamJob = async (job: { kind: 'stream' | 'rawStream'; schema: string }) => {
  const pool = newPool(2);
  let n = 0;
  const source =
    job.kind === 'stream'
      ? postgresStore({ pool, schema: job.schema }).readAll()
      : rawRead(pool, job.schema, STREAM_EVENTS);
  for await (const e of source) n += e.version > 0 ? 1 : 0;
  await pool.end();
  return { events: n, rssMB: process.resourceUsage().maxRSS / 1024 };
};

/**
 * Bundle this file to plain JavaScript (workspace sources included, `pg` left
 * external), so the child runs on plain node as a built app would, without the
 * TypeScript loader's own memory in the figure.
 */
const bundleChild = async (): Promise<string> => {
  const outDir = join(root, 'node_modules', '.cache', 'redress-bench');
  const { build } = await import('tsup');
  await build({
    entry: { 'postgres-stream-child': self },
    outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    splitting: false,
    dts: false,
    silent: true,
    config: false,
    noExternal: [/^@redress\/(core|store-postgres)$/, 'zod', 'xstate', 'immer'],
    external: ['pg', 'tsup', '@redress/testing'],
    esbuildOptions(options) {
      options.conditions = ['@redress/source'];
    },
  });
  return join(outDir, 'postgres-stream-child.js');
};

const inChild = (
  script: string,
  job: { kind: 'stream' | 'rawStream'; schema: string },
): Promise<{ events: number; rssMB: number }> =>
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
        ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as { events: number; rssMB: number })
        : reject(new Error(`bench child failed: ${err}`)),
    );
  });

const job = process.env[ENV];
if (job !== undefined)
  console.log(JSON.stringify(await streamJob(JSON.parse(job) as { kind: 'stream' | 'rawStream'; schema: string })));

export default async (report: Report) => {
  const admin = newPool(2);
  const tag = randomBytes(4).toString('hex');
  const schemas = { ours: `redress_bench_${tag}`, raw: `redress_bench_raw_${tag}` };
  const big = `redress_bench_big_${tag}`;
  try {
    await admin.query(rawTable(schemas.raw));
    await postgresStore({ pool: admin, schema: schemas.ours }).checkpoints.get('create');

    for (const [name, batch] of [
      ['append', 1],
      ['append3', 3],
    ] as const) {
      for (const writers of [1, 8]) {
        const { ours, raw } = await compare('append', 'rawAppend', batch, writers, schemas);
        report({
          name: `${name}.postgres.w${writers}`,
          unit: batch === 1 ? 'appends/s' : 'batches/s',
          value: ours,
          baseline: `raw pg, the same rows in one autocommit INSERT each, ${writers} writer(s)`,
          baselineValue: raw,
          ratio: ours / raw,
        });
      }
    }
    for (const writers of [1, 8]) {
      const { ours, raw } = await compare('execute', 'rawExecute', 1, writers, schemas);
      report({
        name: `execute.postgres.w${writers}`,
        unit: 'commands/s',
        value: ours,
        baseline: `raw pg inserting the command's event in one autocommit INSERT, ${writers} writer(s)`,
        baselineValue: raw,
        ratio: ours / raw,
      });
    }

    const bigStore = postgresStore({ pool: admin, schema: big });
    await bigStore.checkpoints.get('create');
    const t0 = performance.now();
    await fill(admin, big, STREAM_EVENTS);
    const loadSeconds = (performance.now() - t0) / 1000;

    let oursMs = Number.POSITIVE_INFINITY;
    let rawMs = Number.POSITIVE_INFINITY;
    // Best of five alternating reads each: with two, the ratio swung from 0.71 to 0.89 between runs on the same code.
    for (let i = 0; i < REPLAY_ROUNDS; i++) {
      let n = 0;
      let t = performance.now();
      for await (const e of bigStore.readAll({ limit: REPLAY_EVENTS })) n += e.version > 0 ? 1 : 0;
      oursMs = Math.min(oursMs, performance.now() - t);
      t = performance.now();
      for await (const e of rawRead(admin, big, REPLAY_EVENTS)) n += e.version > 0 ? 1 : 0;
      rawMs = Math.min(rawMs, performance.now() - t);
      if (n !== 2 * REPLAY_EVENTS) throw new Error(`replay read ${n} events, expected ${2 * REPLAY_EVENTS}`);
    }
    report({
      name: 'replay.postgres',
      unit: 'events/s',
      value: (REPLAY_EVENTS * 1000) / oursMs,
      baseline: `raw pg SELECT in the same ${PAGE}-row pages + the driver's JSON.parse`,
      baselineValue: (REPLAY_EVENTS * 1000) / rawMs,
      ratio: rawMs / oursMs,
    });

    // Both children at once: the figure is memory, not time.
    const script = await bundleChild();
    const [ours, raw] = await Promise.all([
      inChild(script, { kind: 'stream', schema: big }),
      inChild(script, { kind: 'rawStream', schema: big }),
    ]);
    if (ours.events !== STREAM_EVENTS || raw.events !== STREAM_EVENTS)
      throw new Error(`streamed ${ours.events} / ${raw.events} events, expected ${STREAM_EVENTS}`);
    report({
      name: 'stream.postgres.rssMB',
      unit: 'MB',
      value: ours.rssMB,
      baseline: `raw pg paging ${PAGE} rows at a time + JSON.parse, same child-process setup`,
      baselineValue: raw.rssMB,
      ratio: raw.rssMB / ours.rssMB,
      note: `peak RSS of a plain-node child (bundled JS) streaming ${STREAM_EVENTS} events; rows loaded with INSERT … SELECT in ${loadSeconds.toFixed(1)} s`,
    });
  } finally {
    for (const s of [schemas.ours, schemas.raw, big]) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    await admin.end();
  }
};
