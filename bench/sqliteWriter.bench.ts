/**
 * The SQLite store's writer thread (group commit), each figure against a
 * baseline measured in the same run, at the default durability (WAL,
 * synchronous=FULL), eight concurrent writers in one process, each with its own
 * store on one file (as eight engines would be):
 *
 * - `eventloop.sqlite.p99ms`: the p99 of the event loop's delay
 *   (perf_hooks.monitorEventLoopDelay) while the writers append as fast as they
 *   can for a fixed time, against the same load on inline stores (each commit's
 *   fsync on this thread). Target ≤ 5 ms.
 * - `append.sqlite.w8.group`: appends/s, against raw better-sqlite3 doing one
 *   IMMEDIATE transaction per append on eight connections. Target ratio ≥ 3.
 *   Ours and raw take turns in windows; the best window of each counts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '@redress/core';
import { sqliteStore, type SqliteStore } from '@redress/store-sqlite';
import { writerStats } from '../packages/store-sqlite/src/writer/writerClient';
import { GENESIS_HASH } from '@redress/core';
import { benchEvent } from './benchEvents';
import type { Report } from './report';

const WRITERS = 8;
const LOAD_MS = 3000;
const WINDOW_MS = 1000;
const ROUNDS = 3;
/**
 * Each writer's next event, made when it is appended (as an engine makes it): a
 * log made up front would hold a heap of hundreds of MB, whose collections would
 * show in the event loop's delay.
 */
const stream = (streamId: string) => {
  let last: RecordedEvent | undefined;
  const occurredAt = new Date().toISOString();
  return () => {
    const v = (last?.version ?? 0) + 1;
    last = benchEvent(`E-${streamId}-${v}`, streamId, v, last?.hash ?? GENESIS_HASH, occurredAt);
    return last;
  };
};

const stores = async (path: string, writer: 'worker' | 'inline') => {
  const out: { store: SqliteStore; next: () => RecordedEvent; done: number }[] = [];
  for (let i = 0; i < WRITERS; i++) {
    const store = sqliteStore({ path, writer });
    const next = stream(`S-${writer}-${i}`);
    // The first append opens the writer's connection (and starts the thread): not part of any figure.
    const first = next();
    await store.append(first.streamId, [first], { expectedVersion: 0 });
    out.push({ store, next, done: 1 });
  }
  return out;
};

type Writers = Awaited<ReturnType<typeof stores>>;

const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Every writer appending one event at a time, as fast as it can, for `ms`;
 * appends/s. With `yielding`, each writer lets the event loop turn before its
 * next append, as a server's requests arrive through it: an inline append
 * resolves without a turn, so a loop of them would starve the loop outright
 * and leave the delay monitor without a sample.
 */
const load = async (ws: Writers, ms: number, yielding = false): Promise<number> => {
  const t0 = performance.now();
  let ops = 0;
  await Promise.all(
    ws.map(async (w) => {
      while (performance.now() - t0 < ms) {
        if (yielding) await turn();
        const e = w.next();
        await w.store.append(e.streamId, [e], { expectedVersion: w.done });
        w.done++;
        ops++;
      }
    }),
  );
  return (ops * 1000) / (performance.now() - t0);
};

/** The p99 event-loop delay (ms) while `work` runs. */
const p99While = async <T>(work: () => Promise<T>): Promise<{ p99: number; result: T }> => {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const result = await work();
  h.disable();
  return { p99: h.percentile(99) / 1e6, result };
};

const p99Under = async (ws: Writers) => {
  const { p99, result } = await p99While(() => load(ws, LOAD_MS, true));
  return { p99, rate: result };
};

const rawWriters = (path: string) =>
  Array.from({ length: WRITERS }, (_, i) => {
    const db = new Database(path, { timeout: 30_000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const insert = db.prepare('INSERT INTO events (stream_id, version, event_id, type, body) VALUES (?, ?, ?, ?, ?)');
    const tx = db.transaction((e: RecordedEvent) => insert.run(e.streamId, e.version, e.id, e.type, JSON.stringify(e)));
    const next = stream(`R-${i}`);
    return {
      append: () => tx.immediate(next()),
      close: () => db.close(),
    };
  });

const rawRate = async (raw: ReturnType<typeof rawWriters>, ms: number): Promise<number> => {
  const t0 = performance.now();
  let ops = 0;
  await Promise.all(
    raw.map(async (w) => {
      while (performance.now() - t0 < ms) {
        w.append();
        ops++;
        await null; // let the other writers in, as an async append does
      }
    }),
  );
  return (ops * 1000) / (performance.now() - t0);
};

export default async (report: Report) => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-bench-writer-'));
  try {
    // The machine's own floor: the loop with nothing to do (other processes share the cores).
    const idle = await p99While(() => new Promise((resolve) => setTimeout(resolve, LOAD_MS)));
    const worker = await stores(join(dir, 'worker.db'), 'worker');
    const inline = await stores(join(dir, 'inline.db'), 'inline');
    const before = writerStats();
    const ours = await p99Under(worker);
    const stats = writerStats();
    const base = await p99Under(inline);
    const group = (stats.writes - before.writes) / Math.max(1, stats.groups - before.groups);
    report({
      name: 'eventloop.sqlite.p99ms',
      unit: 'ms',
      value: ours.p99,
      baseline: `the same load (${WRITERS} writers, ${LOAD_MS / 1000} s) on inline stores, each commit's fsync on the event loop`,
      baselineValue: base.p99,
      ratio: base.p99 / ours.p99,
      note: `target ≤ 5 ms; idle loop p99 ${idle.p99.toFixed(2)} ms; appends/s meanwhile: worker ${Math.round(ours.rate)}, inline ${Math.round(base.rate)}; mean group ${group.toFixed(1)} appends`,
    });
    for (const w of inline) await w.store.close();

    const rawPath = join(dir, 'raw.db');
    await sqliteStore({ path: rawPath, writer: 'inline' }).close();
    const raw = rawWriters(rawPath);
    const best = { ours: 0, raw: 0 };
    const groupsBefore = writerStats();
    for (let r = 0; r < ROUNDS; r++) {
      best.ours = Math.max(best.ours, await load(worker, WINDOW_MS));
      best.raw = Math.max(best.raw, await rawRate(raw, WINDOW_MS));
    }
    const groupsAfter = writerStats();
    report({
      name: 'append.sqlite.w8.group',
      unit: 'appends/s',
      value: best.ours,
      baseline: `raw better-sqlite3: the same 1-event inserts, one IMMEDIATE transaction each, ${WRITERS} connections`,
      baselineValue: best.raw,
      ratio: best.ours / best.raw,
      note: `target ratio ≥ 3; mean group ${((groupsAfter.writes - groupsBefore.writes) / Math.max(1, groupsAfter.groups - groupsBefore.groups)).toFixed(1)} appends`,
    });
    for (const w of raw) w.close();
    for (const w of worker) await w.store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
