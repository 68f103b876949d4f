/**
 * SQLite store figures of issue 3, each against the raw better-sqlite3 driver doing
 * the same inserts or reads in the same run, in the default durability (WAL,
 * synchronous=FULL). "w8" is eight writer processes on one file, each with its own
 * connection. Ours and raw take turns in short windows (best window counts), so
 * both see the same machine. Child processes run a bundle of this file on plain
 * node, so memory figures are those of compiled code, not of a TypeScript loader.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { GENESIS_HASH, createEngine, hashEvent, type RecordedEvent } from '@redress/core';
import { sqliteStore } from '@redress/store-sqlite';
import type { Report } from './report';

type Kind = 'append' | 'execute';
interface WriterJob { kind: Kind; path: string; batch: number; writer: string; startAt: number }
interface StreamJob { kind: 'stream' | 'rawStream'; path: string }
interface Slots { ours: number[]; raw: number[] }

const ENV = 'REDRESS_SQLITE_BENCH_JOB';
const WINDOW_MS = 300;
const GAP_MS = 30;
const ROUNDS = 5;
const TEXT = '客户反馈已记录，等待质检部门回复';
const wall = () => performance.timeOrigin + performance.now();

/** A hash-chained stream: a ComplaintReceived, then notes, built as the engine builds them. */
const chain = (streamId: string, count: number): RecordedEvent[] => {
  const out: RecordedEvent[] = [];
  let prevHash = GENESIS_HASH;
  const occurredAt = new Date().toISOString();
  for (let v = 1; v <= count; v++) {
    const unhashed = {
      id: `E-${streamId}-${v}`, streamId, version: v, schemaVersion: 1, occurredAt, prevHash,
      ...(v === 1
        ? { type: 'ComplaintReceived', data: { channel: 'web', category: 'service', complainant: { name: '王芳' }, summary: TEXT } }
        : { type: 'NoteAdded', data: { text: `note ${v}: ${TEXT}` } }),
      actor: { id: 'agent-7', role: 'agent' }, correlationId: `K-${streamId}`, causationId: null, commandId: null,
    } as Omit<RecordedEvent, 'hash'>;
    const event = { ...unhashed, hash: hashEvent(unhashed) } as RecordedEvent;
    prevHash = event.hash;
    out.push(event);
  }
  return out;
};

const rawDb = (path: string) => {
  const db = new Database(path, { timeout: 30_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return db;
};

/** One writer: in alternating windows, our store (or engine) and the raw driver append as fast as they can. */
const runWriter = async (job: WriterJob): Promise<Slots> => {
  const events = chain(`S-${job.writer}`, 12_000);
  const store = sqliteStore({ path: job.path, busyTimeoutMs: 30_000 });
  const db = rawDb(job.path);
  const insert = db.prepare('INSERT INTO events (stream_id, version, event_id, type, body) VALUES (?, ?, ?, ?, ?)');
  const rawTx = db.transaction((batch: RecordedEvent[], stream: string) => {
    for (const e of batch) insert.run(stream, e.version, e.id, e.type, JSON.stringify(e));
  });
  const engine = createEngine({ store });
  const actor = { id: `agent-${job.writer}`, role: 'agent' } as const;
  const { complaintId } = await engine.execute({
    type: 'receive', actor, channel: 'web', category: 'service', complainant: { name: '王芳' }, summary: TEXT,
  });
  let ours = 0;
  let raw = 0;
  const oursStep = async () => {
    if (job.kind === 'execute') await engine.execute({ type: 'addNote', complaintId, actor, text: `note ${ours}: ${TEXT}` });
    else await store.append(`S-${job.writer}`, events.slice(ours, ours + job.batch), { expectedVersion: ours });
    ours += job.kind === 'execute' ? 1 : job.batch;
  };
  const rawStep = () => {
    rawTx.immediate(events.slice(raw, raw + job.batch), `R-${job.writer}`);
    raw += job.batch;
  };
  const slots: Slots = { ours: [], raw: [] };
  for (let r = 0; r < ROUNDS * 2; r++) {
    const start = job.startAt + r * (WINDOW_MS + GAP_MS);
    while (wall() < start) await new Promise((res) => setTimeout(res, 1));
    let ops = 0;
    const t0 = wall();
    while (wall() - t0 < WINDOW_MS && Math.max(ours, raw) + job.batch <= events.length) {
      if (r % 2 === 0) await oursStep();
      else rawStep();
      ops++;
    }
    (r % 2 === 0 ? slots.ours : slots.raw).push((ops * 1000) / (wall() - t0));
  }
  await store.close();
  db.close();
  return slots;
};

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'node_modules', '.cache', 'redress-bench', 'sqlite.bench.mjs');

/** Bundle this file for plain node (esbuild, as tsup uses it). */
const buildBundle = async () => {
  const esbuild = createRequire(createRequire(import.meta.url).resolve('tsup'))('esbuild') as { build: (o: object) => Promise<unknown> };
  mkdirSync(join(bundle, '..'), { recursive: true });
  await esbuild.build({
    entryPoints: [fileURLToPath(import.meta.url)], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: bundle,
    conditions: ['@redress/source'], external: ['better-sqlite3'], logLevel: 'silent',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
};

/** Run `job` in a child process and return the JSON line it prints. */
const inChild = <T>(job: WriterJob | StreamJob): Promise<T> =>
  new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [bundle], { env: { ...process.env, [ENV]: JSON.stringify(job) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as T) : reject(new Error(`bench child failed: ${err}`))));
  });

/** Best window of ours and of raw, summed over `writers` writers on a fresh file. */
const compare = async (dir: string, kind: Kind, batch: number, writers: number) => {
  const path = join(dir, `${kind}-${batch}-${writers}.db`);
  await sqliteStore({ path }).close();
  const jobs = Array.from({ length: writers }, (_, i) => ({ kind, path, batch, writer: `w${i}` }));
  const results =
    writers === 1
      ? [await runWriter({ ...jobs[0]!, startAt: wall() + 20 })]
      : await Promise.all(jobs.map((j) => inChild<Slots>({ ...j, startAt: wall() + 3000 })));
  const best = (side: keyof Slots) => Math.max(...Array.from({ length: ROUNDS }, (_, r) => results.reduce((n, s) => n + (s[side][r] ?? 0), 0)));
  return { ours: best('ours'), raw: best('raw') };
};

/** Fill a store file with `count` schema-valid events (100 per stream), in SQL, in one transaction. */
const fill = async (path: string, count: number) => {
  await sqliteStore({ path }).close();
  const db = rawDb(path);
  db.exec('CREATE TEMP TABLE template (version INTEGER PRIMARY KEY, event_id TEXT, type TEXT, body TEXT)');
  const put = db.prepare('INSERT INTO temp.template VALUES (?, ?, ?, ?)');
  for (const e of chain('T', 100)) put.run(e.version, e.id, e.type, JSON.stringify(e));
  db.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
     INSERT INTO events (stream_id, version, event_id, type, body)
     SELECT 'C-' || (i / 100), t.version, 'E-' || i, t.type,
            replace(replace(t.body, '"id":"' || t.event_id || '"', '"id":"E-' || i || '"'), '"streamId":"T"', '"streamId":"C-' || (i / 100) || '"')
     FROM n CROSS JOIN temp.template t WHERE t.version = i % 100 + 1`,
  ).run(count);
  db.close();
};

/** In a child: stream the whole log and report the events seen and peak RSS in MB. */
const streamJob = async (job: StreamJob) => {
  let events = 0;
  if (job.kind === 'stream') {
    const store = sqliteStore({ path: job.path });
    for await (const e of store.readAll()) events += e.version > 0 ? 1 : 0;
    await store.close();
  } else {
    const db = rawDb(job.path);
    for (const body of db.prepare('SELECT body FROM events ORDER BY position').pluck().iterate()) {
      events += (JSON.parse(body as string) as { version: number }).version > 0 ? 1 : 0;
    }
    db.close();
  }
  return { events, rssMB: process.resourceUsage().maxRSS / 1024 };
};

const childJob = process.env[ENV];
if (childJob !== undefined) {
  const job = JSON.parse(childJob) as WriterJob | StreamJob;
  const isStream = (j: WriterJob | StreamJob): j is StreamJob => j.kind === 'stream' || j.kind === 'rawStream';
  console.log(JSON.stringify(isStream(job) ? await streamJob(job) : await runWriter(job)));
}

export default async (report: Report) => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-bench-sqlite-'));
  try {
    await buildBundle();
    for (const [name, batch] of [['append', 1], ['append3', 3]] as const) {
      for (const writers of [1, 8]) {
        const { ours, raw } = await compare(dir, 'append', batch, writers);
        const unit = batch === 1 ? 'appends/s' : 'batches/s';
        report({ name: `${name}.sqlite.w${writers}`, unit, value: ours, baseline: `raw better-sqlite3: same ${batch}-event inserts, one IMMEDIATE transaction each, ${writers} writer(s)`, baselineValue: raw, ratio: ours / raw });
      }
    }
    for (const writers of [1, 8]) {
      const { ours, raw } = await compare(dir, 'execute', 1, writers);
      report({ name: `execute.sqlite.w${writers}`, unit: 'commands/s', value: ours, baseline: `raw better-sqlite3 inserting the command's one event, one IMMEDIATE transaction each, ${writers} writer(s)`, baselineValue: raw, ratio: ours / raw });
    }

    const replayPath = join(dir, 'replay.db');
    await fill(replayPath, 100_000);
    const store = sqliteStore({ path: replayPath });
    const db = rawDb(replayPath);
    const select = db.prepare('SELECT body FROM events ORDER BY position').pluck();
    let oursMs = Number.POSITIVE_INFINITY;
    let rawMs = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 2; i++) {
      let n = 0;
      let t0 = performance.now();
      for await (const e of store.readAll()) n += e.version > 0 ? 1 : 0;
      oursMs = Math.min(oursMs, performance.now() - t0);
      t0 = performance.now();
      for (const body of select.iterate()) n += (JSON.parse(body as string) as { version: number }).version > 0 ? 1 : 0;
      rawMs = Math.min(rawMs, performance.now() - t0);
      if (n !== 200_000) throw new Error(`replay read ${n} events, expected 2 × 100000`);
    }
    await store.close();
    db.close();
    report({ name: 'replay.sqlite', unit: 'events/s', value: 100_000_000 / oursMs, baseline: 'raw better-sqlite3 SELECT + JSON.parse of the same 100,000 rows', baselineValue: 100_000_000 / rawMs, ratio: rawMs / oursMs });

    const streamPath = join(dir, 'stream.db');
    await fill(streamPath, 1_000_000);
    const ours = await inChild<{ events: number; rssMB: number }>({ kind: 'stream', path: streamPath });
    const raw = await inChild<{ events: number; rssMB: number }>({ kind: 'rawStream', path: streamPath });
    if (ours.events !== 1_000_000 || raw.events !== 1_000_000) throw new Error(`streamed ${ours.events} / ${raw.events} events, expected 1000000`);
    report({ name: 'stream.sqlite.rssMB', unit: 'MB', value: ours.rssMB, baseline: 'raw better-sqlite3 iterate + JSON.parse of the same 1,000,000 rows', baselineValue: raw.rssMB, ratio: raw.rssMB / ours.rssMB, note: 'peak RSS of a child process (plain node) streaming 1,000,000 events through readAll; target < 150 MB' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
