import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkpointer,
  createEngine,
  directorySink,
  generateNoteKey,
  isRedressError,
  noteSigner,
  noteVerifier,
  openCheckpoint,
  storeSink,
  type EventStore,
} from '@redress/core';
import { exampleLifecycle } from '@redress/testing';
import { afterAll, expect, test } from 'vitest';
import { postgresStore } from '../postgresStore';
import { describePg, testPool, testSchemas } from '../testing/pgTest';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'redress-pg-checkpoints-'));
  dirs.push(d);
  return d;
};

/** The roots of the checkpoints a directory holds, by size, each checked against the log's key. */
const rootsIn = (dir: string, key: string): Map<number, string> => {
  const out = new Map<number, string>();
  for (const f of readdirSync(dir).filter((n) => n.startsWith('checkpoint-'))) {
    const c = openCheckpoint(readFileSync(join(dir, f), 'utf8'), noteVerifier(key));
    out.set(c.size, c.rootHash);
  }
  return out;
};

describePg('checkpointers of several app instances on one PostgreSQL database', () => {
  const { pool, fresh } = testSchemas();
  const other = testPool(3);
  afterAll(() => other.end());

  test('two honest signers racing publish one checkpoint per size, the same in every copy', async () => {
    const schema = fresh('cprace');
    const a = postgresStore({ pool, schema });
    const b = postgresStore({ pool: other, schema });
    const key = generateNoteKey('race.example.com/log');
    const dirA = tempDir();
    const dirB = tempDir();
    const signer = (store: typeof a, dir: string) =>
      checkpointer({
        store,
        signer: noteSigner(key.signerKey),
        every: { events: 1 },
        sinks: [storeSink(store), directorySink({ path: dir })],
      });
    const [cpA, cpB] = [signer(a, dirA), signer(b, dirB)];
    const engine = createEngine({ store: a });
    for (let round = 0; round < 6; round++) {
      for (const cmd of exampleLifecycle(`C-h${round}`).slice(0, 3)) await engine.execute(cmd);
      const runs = await Promise.all([cpA.checkpoint(), cpB.checkpoint()]);
      expect(runs.some((r) => r !== undefined)).toBe(true);
    }
    const kept = await a.checkpointNotes.list('race.example.com/log');
    expect(new Set(kept.map((k) => k.size)).size).toBe(kept.length);
    for (const k of kept) expect(k.rootHash).toBe(await a.merkle.root(k.size));
    for (const [size, root] of [...rootsIn(dirA, key.verifierKey), ...rootsIn(dirB, key.verifierKey)])
      expect(kept.find((k) => k.size === size)?.rootHash).toBe(root);
  });

  test('a signer whose tree differs never publishes a second tree of a size the other claimed, whichever wins the race', async () => {
    const schema = fresh('cpfork');
    const honest = postgresStore({ pool, schema });
    const engine = createEngine({ store: honest });
    for (const cmd of exampleLifecycle('C-f').slice(0, 4)) await engine.execute(cmd);
    const size = await honest.merkle.size();
    // The second instance reads a database whose events were rewritten: its tree of that size has another root.
    // Nor does it wait for its turn (no leases): the claim alone must stop the second tree.
    const { leases: _, ...base } = postgresStore({ pool: other, schema });
    const forged: EventStore = {
      ...base,
      merkle: { ...base.merkle, root: async (n) => (n === size ? 'f'.repeat(64) : base.merkle.root(n)) },
    };
    const winners = { honest: 0, forged: 0 };
    for (let round = 0; round < 8; round++) {
      // A log of its own each round (its origin), so that each round races for its first checkpoint.
      const origin = `fork-${round}.example.com/log`;
      const key = generateNoteKey(origin);
      const dirs = { honest: tempDir(), forged: tempDir() };
      const sign = (store: EventStore, dir: string) =>
        checkpointer({
          store,
          signer: noteSigner(key.signerKey),
          every: { events: 1 },
          sinks: [storeSink(honest), directorySink({ path: dir })],
        }).checkpoint();
      const [h, f] = await Promise.allSettled([sign(honest, dirs.honest), sign(forged, dirs.forged)]);
      const outcomes = [h, f];
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(isRedressError(lost.reason, 'TAMPERED')).toBe(true);
      expect((lost.reason as Error).message).toMatch(/nother signer published a different tree of/);
      const kept = await honest.checkpointNotes.list(origin);
      expect(kept).toHaveLength(1);
      const winner = h.status === 'fulfilled' ? 'honest' : 'forged';
      winners[winner]++;
      const loser = winner === 'honest' ? 'forged' : 'honest';
      // Only the winner's directory got it; the table holds the winner's tree.
      expect(rootsIn(dirs[winner], key.verifierKey).get(size)).toBe(kept[0]?.rootHash);
      expect(rootsIn(dirs[loser], key.verifierKey).size).toBe(0);
    }
    expect(winners.honest + winners.forged).toBe(8);
  });
});
