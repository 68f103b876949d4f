/**
 * `verify.sqlite`: events/s of `redress verify` over 1,000,000 events in a SQLite
 * file (schemas, versions, hash chains and every transition replayed through the
 * XState lifecycle machine), run as its own process on compiled code with the
 * default threads (the cores, up to four); `verify.sqlite.rssMB`: that
 * process's peak RSS. Baseline, same rows, same run: raw read + JSON.parse +
 * sha256 of each row, nothing else.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import {
  GENESIS_HASH,
  businessCalendar,
  canonicalJson,
  createEngine,
  deadlinePolicy,
  hashEvent,
  memoryStore,
  sequentialIds,
  type Actor,
  type Engine,
  type RecordedEvent,
} from '@redress/core';
import { sqliteStore } from '@redress/store-sqlite';
import { defaultThreads } from '../packages/cli/src/verify/verifyThreads';
import { bestOf, type Report } from './report';

const TOTAL = 1_000_000;
const agent: Actor = { id: 'agent-1', role: 'agent' };
const handler: Actor = { id: 'handler-1', role: 'handler' };
const dept: Actor = { id: 'qc-1', role: 'department', department: 'quality-control' };
const sup: Actor = { id: 'sup-1', role: 'supervisor' };
const sup2: Actor = { id: 'sup-2', role: 'supervisor' };

/** Realistic lifecycles, recorded once by the engine: resolved, resolved after a refusal, rejected, withdrawn. */
const templates = async (): Promise<RecordedEvent[][]> => {
  let t = Date.parse('2026-01-05T01:00:00Z');
  const engine: Engine = createEngine({
    store: memoryStore(),
    ids: sequentialIds(),
    clock: () => new Date((t += 1_800_000)),
    deadlines: deadlinePolicy({
      calendar: businessCalendar({ timeZone: 'Asia/Shanghai' }),
      rules: { decide: { within: { businessDays: 2 } }, resolve: { within: { businessDays: 10 } } },
    }),
  });
  const receive = async () =>
    (
      await engine.execute({
        type: 'receive',
        actor: agent,
        channel: 'hotline',
        category: 'quality',
        complainant: { name: '王芳', phone: '+86 138 0000 0000' },
        summary: 'Kettle leaks after two days',
      })
    ).complaintId;
  const resolve = async (refuse: boolean) => {
    const id = await receive();
    const run = (cmd: Record<string, unknown>) => engine.execute({ complaintId: id, ...cmd } as never);
    await run({ type: 'accept', actor: handler, department: 'quality-control', priority: 'high' });
    await run({ type: 'addNote', actor: handler, text: 'Customer called again' });
    await run({ type: 'recordInvestigation', actor: dept, rootCause: 'Faulty seal', responsibleParty: 'supplier' });
    for (const accepted of refuse ? [false, true] : [true]) {
      const p = await run({
        type: 'proposeRemedy',
        actor: dept,
        remedy: { description: 'Replace', compensation: { amount: 6000, currency: 'CNY' } },
      });
      await run({ type: 'approveRemedy', actor: sup, proposalId: p.proposalId });
      await run({ type: 'implementRemedy', actor: dept, actionsTaken: 'Shipped' });
      await run({ type: 'recordCustomerResponse', actor: agent, accepted });
    }
    await run({ type: 'review', actor: sup2, summary: 'Supplier changed', classification: 'product-defect' });
    await run({ type: 'recordFollowUp', actor: agent, satisfaction: 4 });
    return id;
  };
  const reject = async () => {
    const id = await receive();
    await engine.execute({ type: 'reject', complaintId: id, actor: handler, reason: 'Outside warranty' });
    return id;
  };
  const withdraw = async () => {
    const id = await receive();
    await engine.execute({ type: 'withdraw', complaintId: id, actor: agent, reason: 'Solved itself' });
    return id;
  };
  const ids = [await resolve(false), await resolve(true), await resolve(false), await reject(), await withdraw()];
  return Promise.all(
    ids.map(async (id) => (await engine.history(id)).map(({ position: _p, ...e }) => e as RecordedEvent)),
  );
};

/** Write TOTAL events: many complaints cloned from the templates, each with its own ids, times and hash chain. */
const buildFile = async (path: string): Promise<number> => {
  const shapes = await templates();
  (await sqliteStore({ path })).close();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const put = db.prepare('INSERT INTO events (stream_id, version, event_id, type, body) VALUES (?, ?, ?, ?, ?)');
  const batch = db.transaction((rows: [string, number, string, string, string][]) => {
    for (const r of rows) put.run(...r);
  });
  let written = 0;
  let rows: [string, number, string, string, string][] = [];
  for (let n = 0; written < TOTAL; n++) {
    const shape = shapes[n % shapes.length] as RecordedEvent[];
    const streamId = `C-${String(n).padStart(7, '0')}`;
    let prevHash = GENESIS_HASH;
    for (const e of shape.slice(0, TOTAL - written)) {
      const unhashed = { ...e, id: `${streamId}-${e.version}`, streamId, correlationId: `${streamId}-1`, prevHash };
      const event = { ...unhashed, hash: hashEvent(unhashed) };
      prevHash = event.hash;
      // The body as the SQLite store writes it: canonical JSON.
      rows.push([streamId, e.version, event.id, e.type, canonicalJson(event)]);
      written++;
    }
    if (rows.length >= 50_000) {
      batch(rows);
      rows = [];
    }
  }
  batch(rows);
  db.close();
  return written;
};

const root = fileURLToPath(new URL('..', import.meta.url));
const bundleDir = join(root, 'node_modules', '.cache', 'redress-bench', 'verify');
const ENV = 'REDRESS_VERIFY_BENCH_FILE';

/**
 * Bundle this file and the verify thread for plain node (esbuild, as tsup uses it):
 * the figure is what compiled code does, without a TypeScript loader in the
 * process (or in each of its threads).
 */
const buildBundle = async () => {
  const esbuild = createRequire(createRequire(import.meta.url).resolve('tsup'))('esbuild') as {
    build: (o: object) => Promise<unknown>;
  };
  mkdirSync(bundleDir, { recursive: true });
  await esbuild.build({
    entryPoints: {
      'verify.bench': fileURLToPath(import.meta.url),
      verifyThread: join(root, 'packages/cli/src/verify/verifyThread.ts'),
    },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: bundleDir,
    conditions: ['@redress/source'],
    external: ['better-sqlite3', 'pg'],
    logLevel: 'silent',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
};

/** In the child: run `redress verify` as the command does and report its time and the process's peak RSS. */
const verifyJob = async (path: string) => {
  const { main } = await import('../packages/cli/src/cli/main');
  let out = '';
  const t0 = performance.now();
  const code = await main(['verify', '--store', path, '--json'], process.env, {
    json: true,
    result: (_t, d) => {
      out = JSON.stringify(d);
    },
    write: async () => {},
    note: () => {},
  });
  const ms = performance.now() - t0;
  console.log(
    JSON.stringify({
      ms,
      rssMB: process.resourceUsage().maxRSS / 1024,
      events: (JSON.parse(out) as { events: number }).events,
      code,
    }),
  );
};

const childFile = process.env[ENV];
if (childFile !== undefined) await verifyJob(childFile);

/** Run verify in its own process on the bundle; it reports its own time and peak RSS. */
const runVerify = (path: string): Promise<{ ms: number; rssMB: number; events: number; code: number }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(bundleDir, 'verify.bench.js')], {
      env: { ...process.env, [ENV]: path },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0)
        resolve(
          JSON.parse(out.trim().split('\n').at(-1) ?? '') as {
            ms: number;
            rssMB: number;
            events: number;
            code: number;
          },
        );
      else reject(new Error(`verify run failed (exit ${code}):\n${err}`));
    });
  });

/** Baseline: read the same rows, JSON.parse and sha256 each, no checks. */
const rawPass = (path: string): number => {
  const db = new Database(path, { readonly: true });
  let n = 0;
  for (const row of db.prepare('SELECT body FROM events ORDER BY stream_id, version').iterate() as IterableIterator<{
    body: string;
  }>) {
    JSON.parse(row.body);
    createHash('sha256').update(row.body).digest('hex');
    n++;
  }
  db.close();
  return n;
};

export default async (report: Report): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-verify-bench-'));
  const path = join(dir, 'million.db');
  try {
    await buildBundle();
    const events = await buildFile(path);
    const baselineMs = await bestOf(2, () => void rawPass(path));
    const run = await runVerify(path);
    if (run.code !== 0 || run.events !== events)
      throw new Error(`verify failed on the generated file: exit ${run.code}, ${run.events} of ${events} events`);
    const rate = events / (run.ms / 1000);
    const baseRate = events / (baselineMs / 1000);
    report({
      name: 'verify.sqlite',
      unit: 'events/s',
      value: rate,
      baseline: 'raw read + JSON.parse + sha256 of the same rows, on one thread',
      baselineValue: baseRate,
      ratio: rate / baseRate,
      note: `${events} events, verified on ${defaultThreads()} threads; target ≥ 100,000 events/s`,
    });
    report({
      name: 'verify.sqlite.rssMB',
      unit: 'MB',
      value: run.rssMB,
      note: 'peak RSS of the verify process; target < 200 MB',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
