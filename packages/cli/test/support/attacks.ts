import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createEngine,
  generateNoteKey,
  hashEvent,
  noteSigner,
  sequentialIds,
  signCheckpoint,
  type EventStore,
  type MerkleLog,
  type RecordedEvent,
} from '@redress/core';
import { exampleLifecycle } from '@redress/testing';
import { steppingClock } from './seedStore';

/** A stored event of the seeded log, as its row holds it. */
export type Row = RecordedEvent & { readonly position: number };

/**
 * Writes to a store as an attacker with SQL access makes them: read one
 * complaint's events, change bodies, delete rows, move positions. Each store's
 * test gives these over its own driver.
 */
export interface RowAccess {
  rows(streamId: string): Promise<Row[]>;
  setBody(streamId: string, version: number, body: string): Promise<void>;
  run(sql: string): Promise<void>;
  /** Give the row at `a` position `b` and the row at `b` position `a`. */
  swapPositions(a: number, b: number): Promise<void>;
}

/** One attack of issue #17's list: what is done to the store, and the finding `verify --trusted` must name first. */
export interface Attack {
  readonly name: string;
  readonly kind: string;
  /** Whether plain `verify` (no checkpoint) still finds it: only an edit that was not re-hashed. */
  readonly plainVerifyFinds: boolean;
  do(db: RowAccess): Promise<void>;
}

/** Re-hash the events of `rows` from index `from` on, each linked to the one before: what a forger does after an edit. */
const rechained = (rows: readonly Row[], from: number): Row[] => {
  const out = rows.map((r) => structuredClone(r) as Row);
  for (let i = from; i < out.length; i++) {
    const { position, ...event } = out[i] as Row;
    const prevHash = i === 0 ? event.prevHash : (out[i - 1] as Row).hash;
    const next = { ...event, prevHash };
    out[i] = { ...next, hash: hashEvent(next), position } as Row;
  }
  return out;
};

const bodyOf = (row: Row): string => {
  const { position: _position, ...event } = row;
  return JSON.stringify(event);
};

/** The attacks, each on complaint C-2 of the seeded log (three complaints whose events interleave). */
export const ATTACKS: readonly Attack[] = [
  {
    name: 'a compensation raised and every later event of its complaint re-hashed',
    kind: 'rewritten',
    plainVerifyFinds: false,
    async do(db) {
      const rows = await db.rows('C-2');
      const at = rows.findIndex((r) => r.type === 'RemedyProposed' && r.data.compensation !== undefined);
      const edited = rows.map((r, i) =>
        i === at ? ({ ...r, data: { ...r.data, compensation: { amount: 5000, currency: 'CNY' } } } as Row) : r,
      );
      for (const row of rechained(edited, at).slice(at)) await db.setBody('C-2', row.version, bodyOf(row));
    },
  },
  {
    name: 'a complaint cut short (DELETE … WHERE version >= 8)',
    kind: 'deleted',
    plainVerifyFinds: false,
    do: (db) => db.run("DELETE FROM events WHERE stream_id = 'C-2' AND version >= 8"),
  },
  {
    name: 'a complaint deleted whole',
    kind: 'deleted',
    plainVerifyFinds: false,
    do: (db) => db.run("DELETE FROM events WHERE stream_id = 'C-2'"),
  },
  {
    name: 'two global positions swapped (readAll yields v1, 2, 3, 5, 4)',
    kind: 'reordered',
    plainVerifyFinds: false,
    async do(db) {
      const rows = await db.rows('C-2');
      await db.swapPositions((rows[3] as Row).position, (rows[4] as Row).position);
    },
  },
  {
    name: 'a priority edited in place ("high" → "low"), not re-hashed',
    kind: 'edited',
    plainVerifyFinds: true,
    async do(db) {
      const accepted = (await db.rows('C-2')).find((r) => r.type === 'ComplaintAccepted') as Row;
      await db.setBody(
        'C-2',
        accepted.version,
        bodyOf({ ...accepted, data: { ...accepted.data, priority: 'low' } } as Row),
      );
    },
  },
];

/**
 * Seed three complaints whose events interleave, and sign a checkpoint of the
 * whole log with a key generated for the test; the checkpoint and the public
 * key go into files in `dir`, outside the database.
 */
export const seedSigned = async (
  store: EventStore & { readonly merkle: MerkleLog },
  dir: string,
): Promise<{ checkpoint: string; publicKey: string; events: number }> => {
  const engine = createEngine({ store, clock: steppingClock(), ids: sequentialIds() });
  const lives = ['C-1', 'C-2', 'C-3'].map(exampleLifecycle);
  for (let step = 0; step < (lives[0] as unknown[]).length; step++)
    for (const life of lives) await engine.execute(life[step] as never);
  const key = generateNoteKey('complaints.example.com/log');
  const size = await store.merkle.size();
  const checkpoint = join(dir, 'checkpoint.txt');
  writeFileSync(
    checkpoint,
    signCheckpoint(
      { origin: 'complaints.example.com/log', size, rootHash: await store.merkle.root(size), extensions: [] },
      noteSigner(key.signerKey),
    ),
  );
  const publicKey = join(dir, 'log.vkey');
  writeFileSync(publicKey, `${key.verifierKey}\n`);
  return { checkpoint, publicKey, events: size };
};
