/**
 * Figures of reads that check the hash chain (issue 17), against baselines
 * measured in the same run, on the same 100,000 events of a SQLite file
 * (1,000 complaints of 100 events, interleaved as concurrent work leaves them):
 * - `replay.sqlite.checked`: events/s of `readAll` with every event's hash and
 *   link checked (`chainsChecker`, as a projection's catch-up does), against
 *   the raw driver's SELECT + JSON.parse + one sha256 of each row's body.
 *   Target: ratio ≥ 0.7.
 * - `replay.sqlite.checked.fold`: the same with every complaint folded through
 *   the transition table, as the engine's loads do.
 * - `read.fastEnvelope.share.notes|lifecycle`: what the envelope's fast path
 *   (`envelopeCheck`, the one hand-written check left on the read path) saves
 *   once reads hash every event: the same checked read done by hand with the
 *   parser as it is and with zod checking every envelope, as the share of the
 *   checked read's time the fast path takes off, over the notes corpus and
 *   over complaints through every stage. (Event data is checked by zod alone:
 *   a hand check of it saved 4% of a checked read, see eventParser.ts.)
 */
import * as crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  GENESIS_HASH,
  canonicalJson,
  chainsChecker,
  hashOfStoredText,
  replayer,
  createEngine,
  memoryStore,
  type StoredEvent,
} from '@redress/core';
import { exampleLifecycle } from '@redress/testing';
import { sqliteStore } from '@redress/store-sqlite';
import { hashOnRead } from '../packages/core/src/audit/chainCheck';
import { envelopeSchema } from '../packages/core/src/domain/envelopeSchema';
import { storedDataSchemas } from '../packages/core/src/privacy/storedSchemas';
import { eventParser } from '../packages/core/src/store/read/eventParser';
import { benchEvent } from './benchEvents';
import type { Report } from './report';

const EVENTS = 100_000;
/** Alternating rounds of each read; the best of each counts. */
const ROUNDS = 5;
/** Rounds of the reads by hand, each variant in turn: their differences are a few tenths of a µs an event. */
const BY_HAND_ROUNDS = 9;

const STREAMS = EVENTS / 100;

const sha256 = (text: string) => crypto.hash('sha256', text, 'hex');
/** An id of the shape and length of the engine's default ids (a UUIDv7): see `fill` in sqlite.bench.ts on why. */
const uuidShaped = (n: number) =>
  `${n.toString(16).padStart(8, '0')}-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

/**
 * A new store file (made by sqliteStore, so with its triggers) holding `STREAMS`
 * complaints of 100 hash-chained events each (a ComplaintReceived, then notes,
 * as the engine builds them), taking turns in the global order as concurrent
 * work leaves them, bodies in canonical JSON as the store writes them.
 */
const fill = async (path: string) => {
  await sqliteStore({ path }).close();
  const db = new Database(path);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  const insert = db.prepare('INSERT INTO events (stream_id, version, event_id, type, body) VALUES (?, ?, ?, ?, ?)');
  const occurredAt = new Date().toISOString();
  const prev = new Array<string>(STREAMS).fill(GENESIS_HASH);
  db.transaction(() => {
    for (let i = 0; i < EVENTS; i++) {
      const s = i % STREAMS;
      const version = Math.floor(i / STREAMS) + 1;
      const streamId = `C-${uuidShaped(s)}`;
      const event = benchEvent(uuidShaped(i), streamId, version, prev[s] as string, occurredAt);
      prev[s] = event.hash;
      insert.run(streamId, version, event.id, event.type, canonicalJson(event));
    }
  })();
  db.close();
};

/** Complaints through every stage, as the engine writes them: (position, canonical body) rows. */
const lifecycleRows = async (): Promise<[number, string][]> => {
  const store = memoryStore();
  const engine = createEngine({ store });
  for (let i = 0; i < 1500; i++) for (const cmd of exampleLifecycle(`C-${i}`)) await engine.execute(cmd);
  const out: [number, string][] = [];
  for await (const { position, ...stored } of store.readAll()) out.push([position, canonicalJson(stored)]);
  return out;
};

export default async (report: Report) => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-bench-checked-'));
  try {
    const path = join(dir, 'replay.db');
    await fill(path);
    const store = sqliteStore({ path });
    const db = new Database(path, { readonly: true });
    const bodies = db.prepare('SELECT body FROM events ORDER BY position').pluck();
    const rows = db.prepare('SELECT position, body FROM events ORDER BY position').raw();

    const checked = async () => {
      const chains = chainsChecker();
      let n = 0;
      for await (const e of store.readAll()) {
        chains.check(e);
        n++;
      }
      return n;
    };
    const folded = async () => {
      const chains = chainsChecker();
      const folds = new Map<string, ReturnType<typeof replayer>>();
      let n = 0;
      for await (const e of store.readAll()) {
        chains.check(e);
        let r = folds.get(e.streamId);
        if (r === undefined) folds.set(e.streamId, (r = replayer()));
        r.add(e);
        n++;
      }
      return n;
    };
    const raw = () => {
      let n = 0;
      for (const body of bodies.iterate() as Iterable<string>) {
        const e = JSON.parse(body) as { version: number };
        if (sha256(body).length === 64 && e.version > 0) n++;
      }
      return n;
    };
    /**
     * The checked read by hand of `source` (position, body): parse, check, hash the stored text,
     * check the chain; the envelope by the parser's fast path (zod for what it does not accept), or
     * by zod alone.
     */
    const byHand = (source: readonly (readonly [number, string])[], zodEnvelope: boolean) => () => {
      const parser = eventParser();
      const chains = chainsChecker();
      for (const [position, body] of source) {
        const parsed = JSON.parse(body) as Record<string, unknown>;
        parsed.position = position;
        let e: StoredEvent;
        if (!zodEnvelope) e = parser.parse(parsed);
        else {
          const envelope = envelopeSchema.parse(parsed);
          storedDataSchemas[envelope.type as keyof typeof storedDataSchemas].parse(envelope.data);
          e = parsed as unknown as StoredEvent;
        }
        hashOnRead(body, parsed, e);
        chains.check(e);
      }
      return source.length;
    };
    const notes = rows.all() as [number, string][];
    const lifecycle = await lifecycleRows();

    const best = {
      checked: Infinity,
      folded: Infinity,
      raw: Infinity,
    };
    const byHandBest = new Map<string, number>();
    const time = async (key: keyof typeof best, work: () => number | Promise<number>) => {
      const t0 = performance.now();
      const n = await work();
      best[key] = Math.min(best[key], performance.now() - t0);
      if (n !== EVENTS) throw new Error(`${key} read ${n} events, expected ${EVENTS}`);
    };
    // The store's reads first: the reads by hand hand other object shapes to the same functions,
    // which would slow the store's reads that came after them.
    for (let i = 0; i < ROUNDS; i++) {
      await time('checked', checked);
      await time('raw', raw);
      await time('folded', folded);
    }
    const variants = [
      ['fast', false],
      ['zodEnvelope', true],
    ] as const;
    for (let i = 0; i < BY_HAND_ROUNDS; i++)
      for (const [corpus, source, passes] of [
        ['notes', notes, 1],
        ['lifecycle', lifecycle, 4],
      ] as const)
        for (const [variant, zodEnvelope] of variants) {
          const read = byHand(source, zodEnvelope);
          const t0 = performance.now();
          for (let p = 0; p < passes; p++) read();
          const perEvent = (performance.now() - t0) / (passes * source.length);
          const key = `${corpus} ${variant}`;
          byHandBest.set(key, Math.min(byHandBest.get(key) ?? Infinity, perEvent));
        }
    // The store's bodies are canonical JSON: every row's hash came from its text, none from re-encoding.
    const sample = bodies.get() as string;
    const { prevHash, hash } = JSON.parse(sample) as { prevHash: string; hash: string };
    if (hashOfStoredText(sample, prevHash, hash) !== hash) throw new Error('the filled bodies are not canonical');
    await store.close();
    db.close();

    const rate = (ms: number) => (EVENTS * 1000) / ms;
    const baseline = 'raw better-sqlite3 SELECT + JSON.parse + one sha256 of each of the same 100,000 rows';
    report({
      name: 'replay.sqlite.checked',
      unit: 'events/s',
      value: rate(best.checked),
      baseline,
      baselineValue: rate(best.raw),
      ratio: best.raw / best.checked,
      note: 'readAll with each event hashed and linked to the one before it (chainsChecker); target ≥ 0.7',
    });
    report({
      name: 'replay.sqlite.checked.fold',
      unit: 'events/s',
      value: rate(best.folded),
      baseline,
      baselineValue: rate(best.raw),
      ratio: best.raw / best.folded,
      note: 'as replay.sqlite.checked, with every complaint folded through the transition table',
    });
    for (const [corpus, what] of [
      ['notes', 'the same 100,000 rows (a ComplaintReceived and 99 notes a complaint)'],
      ['lifecycle', `${lifecycle.length} events of complaints through every stage (exampleLifecycle)`],
    ] as const) {
      const fast = byHandBest.get(`${corpus} fast`) as number;
      const share = (name: string, variant: string, checked: string) => {
        const without = byHandBest.get(`${corpus} ${variant}`) as number;
        report({
          name: `${name}.${corpus}`,
          unit: '%',
          value: (100 * (without - fast)) / without,
          baseline: `the checked read by hand of ${what} with zod checking ${checked}`,
          baselineValue: 1000 / without,
          ratio: without / fast,
          note: `share of a checked read's time the fast check takes off; ${Math.round(1000 / fast)} events/s by hand with the envelope's fast path`,
        });
      };
      share('read.fastEnvelope.share', 'zodEnvelope', 'every envelope');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
