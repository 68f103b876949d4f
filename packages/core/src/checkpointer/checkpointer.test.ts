import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleLifecycle, startTestWitness, type TestWitness } from '@redress/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openCheckpoint, signCheckpoint } from '../checkpoint/checkpoint';
import { verifyCosignature } from '../checkpoint/cosignature';
import { cosignatureVerifier, noteVerifier } from '../checkpoint/noteKeys';
import { cosigner, generateNoteKey, noteSigner } from '../checkpoint/noteSigners';
import { createEngine } from '../engine/createEngine';
import { isRedressError } from '../errors/redressError';
import type { MerkleLog } from '../store/eventStore';
import { memoryStore } from '../store/memoryStore';
import { checkpointer } from './checkpointer';
import { directorySink } from './directorySink';
import { storeSink } from './storeSink';
import { witnessSink } from './witnessSink';

const origin = 'complaints.example.com/log';
const logKey = generateNoteKey(origin);
const witnessKey = generateNoteKey('witness.example.org/w1');
const logVerifier = noteVerifier(logKey.verifierKey);
const witnessVerifier = cosignatureVerifier(witnessKey.verifierKey);

let witness: TestWitness;
const dirs: string[] = [];
beforeAll(async () => {
  witness = await startTestWitness({ logs: [logVerifier], cosigner: cosigner(witnessKey.signerKey) });
});
afterAll(async () => {
  await witness.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'redress-checkpoints-'));
  dirs.push(d);
  return d;
};

/** A store with `complaints` complaints of 4 commands (5 events) each. */
const filled = async (complaints: number, store = memoryStore()) => {
  const engine = createEngine({ store });
  for (let i = 0; i < complaints; i++)
    for (const cmd of exampleLifecycle(`C-${store.size}-${i}`).slice(0, 4)) await engine.execute(cmd);
  return { store, engine };
};

const tampered = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isRedressError(error, 'TAMPERED')) throw new Error(`expected TAMPERED, got ${String(error)}`);
  return error;
};

describe('checkpointer', () => {
  test('signs every N events and hands the checkpoint to a directory, a real witness over HTTP and the store', async () => {
    const { store, engine } = await filled(2);
    const dir = tempDir();
    const cp = checkpointer({
      store,
      signer: noteSigner(logKey.signerKey),
      every: { events: 10 },
      sinks: [
        storeSink(store),
        witnessSink({ url: witness.url, witness: witnessVerifier }),
        directorySink({ path: dir }),
      ],
    });
    const first = await cp.tick();
    expect(first?.checkpoint.size).toBe(10);
    expect(first?.sinks.every((s) => s.ok)).toBe(true);
    // Nothing new, nothing signed; fewer than N new events, not due.
    expect(await cp.tick()).toBeUndefined();
    for (const cmd of exampleLifecycle('C-more').slice(0, 2)) await engine.execute(cmd);
    expect(await cp.tick()).toBeUndefined();
    await filled(2, store);
    const second = await cp.tick();
    expect(second?.checkpoint.size).toBe(store.size);

    // The witness cosigned it, from a consistency proof of the size it saw before, and the directory keeps the cosigned note.
    const note = readFileSync(join(dir, 'checkpoint.txt'), 'utf8');
    expect(openCheckpoint(note, logVerifier).size).toBe(store.size);
    expect(verifyCosignature(note, witnessVerifier).timestamp).toBeGreaterThan(0);
    expect(witness.state.get(origin)?.size).toBe(store.size);
    expect(readdirSync(dir).filter((f) => f.startsWith('checkpoint-'))).toEqual([
      'checkpoint-0000000000000010.txt',
      `checkpoint-${String(store.size).padStart(16, '0')}.txt`,
    ]);
    // The store's table keeps each checkpoint, with the witness's cosignature added.
    const kept = await store.checkpointNotes.list(origin);
    expect(kept.map((k) => k.size)).toEqual([10, store.size]);
    expect(kept.at(-1)?.note).toBe(note);
  });

  test('every T seconds: due once that long passed with events appended', async () => {
    const { store, engine } = await filled(1);
    let now = Date.parse('2026-03-02T08:00:00Z');
    const table = storeSink(store);
    const cp = checkpointer({
      store,
      signer: noteSigner(logKey.signerKey),
      every: { seconds: 60 },
      sinks: [table],
      clock: () => new Date(now),
    });
    expect((await cp.tick())?.checkpoint.size).toBe(5);
    for (const cmd of exampleLifecycle('C-t').slice(0, 1)) await engine.execute(cmd);
    now += 59_000;
    expect(await cp.tick()).toBeUndefined();
    now += 1_000;
    expect((await cp.tick())?.checkpoint.size).toBe(7);
  });

  test('a new signer continues from what a sink holds, and refuses a tree that does not extend it', async () => {
    const { store } = await filled(2);
    const dir = tempDir();
    const sign = (s: { merkle: MerkleLog }) =>
      checkpointer({
        store: s,
        signer: noteSigner(logKey.signerKey),
        every: { events: 1 },
        sinks: [directorySink({ path: dir })],
      });
    await sign(store).checkpoint();
    // The same events re-hashed from the first one: the tree of a log rewritten and its tree rebuilt.
    const forged = memoryStore();
    await filled(3, forged);
    const refused = await tampered(sign(forged).checkpoint());
    expect(refused.message).toMatch(/does not extend the last checkpoint published \(size 10\)/);
    // Fewer events than the checkpoint covers: events were deleted.
    const fewer = memoryStore();
    await filled(1, fewer);
    expect((await tampered(sign(fewer).checkpoint())).message).toMatch(/has 10, so events it covers were deleted/);
    expect(readdirSync(dir).filter((f) => f.startsWith('checkpoint-'))).toEqual(['checkpoint-0000000000000010.txt']);
  });

  test('a directory never takes a second checkpoint of one size; the same one with a cosignature added replaces it', async () => {
    const dir = tempDir();
    const sink = directorySink({ path: dir });
    const { store } = await filled(1);
    const rootHash = await store.merkle.root(5);
    const note = signCheckpoint({ origin, size: 5, rootHash, extensions: [] }, noteSigner(logKey.signerKey));
    const context = { consistencyProof: async () => [] };
    await sink.publish({ origin, size: 5, rootHash, extensions: [], note }, context);
    const other = signCheckpoint(
      { origin, size: 5, rootHash: '0'.repeat(64), extensions: [] },
      noteSigner(logKey.signerKey),
    );
    await tampered(sink.publish({ origin, size: 5, rootHash: '0'.repeat(64), extensions: [], note: other }, context));
    expect(readFileSync(join(dir, 'checkpoint-0000000000000005.txt'), 'utf8')).toBe(note);
    writeFileSync(join(dir, 'unrelated'), 'x');
    const cosigned = `${note}— someone ${Buffer.alloc(76).toString('base64')}\n`;
    await sink.publish({ origin, size: 5, rootHash, extensions: [], note: cosigned }, context);
    expect(readFileSync(join(dir, 'checkpoint-0000000000000005.txt'), 'utf8')).toBe(cosigned);
  });

  test('a witness that already cosigned later checkpoints of the log is not an error, and a witness refusal is named', async () => {
    const { store } = await filled(3);
    const fresh = await startTestWitness({ logs: [logVerifier], cosigner: cosigner(witnessKey.signerKey) });
    try {
      const signer = noteSigner(logKey.signerKey);
      const ahead = checkpointer({ store, signer, every: { events: 1 }, sinks: [witnessSink({ url: fresh.url })] });
      expect((await ahead.checkpoint())?.sinks).toEqual([{ name: `witness ${fresh.url}`, ok: true }]);
      // A second signer's sink learns the witness's size from its 409 and has nothing to add.
      const behind = checkpointer({
        store: { merkle: { ...store.merkle, size: async () => 10 } },
        signer,
        every: { events: 1 },
        sinks: [witnessSink({ url: fresh.url })],
      });
      const run = await behind.checkpoint();
      expect(run?.sinks[0]?.ok).toBe(true);
      expect(fresh.state.get(origin)?.size).toBe(15);
      // A log the witness does not know is refused: the sink says so, the other sinks still get it.
      const stranger = generateNoteKey('stranger.example.com/log');
      const dir = tempDir();
      const unknown = checkpointer({
        store,
        signer: noteSigner(stranger.signerKey),
        every: { events: 1 },
        sinks: [witnessSink({ url: fresh.url }), directorySink({ path: dir })],
      });
      const refused = await unknown.checkpoint();
      expect(refused?.sinks.map((s) => s.ok)).toEqual([false, true]);
      expect(isRedressError(refused?.sinks[0]?.error, 'VALIDATION')).toBe(true);
      expect(String((refused?.sinks[0]?.error as Error | undefined)?.message)).toMatch(
        /HTTP 404.*does not know the log/,
      );
    } finally {
      await fresh.close();
    }
  });

  test('stop() waits for the turn in flight: once it resolves the checkpointer touches the store no more', async () => {
    const { store } = await filled(1);
    let calls = 0;
    let inFlight = 0;
    // The first read of the tree is slow, later ones quick: turns every 5 ms would overlap the first.
    const merkle: MerkleLog = {
      ...store.merkle,
      size: async () => {
        calls++;
        inFlight++;
        await new Promise((r) => setTimeout(r, calls === 1 ? 150 : 2));
        inFlight--;
        return store.merkle.size();
      },
    };
    const table = storeSink(store);
    const cp = checkpointer({
      store: { merkle },
      signer: noteSigner(logKey.signerKey),
      every: { events: 1000 },
      sinks: [table],
    });
    const errors: unknown[] = [];
    cp.start({ pollMs: 5, onError: (e) => errors.push(e) });
    await new Promise((r) => setTimeout(r, 30));
    await cp.stop();
    const after = { calls, signed: await table.latest?.(origin) };
    expect(inFlight).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect({ calls, signed: await table.latest?.(origin) }).toEqual(after);
    expect(errors).toEqual([]);
  });

  test('options are checked: when, where and what to sign', () => {
    const store = memoryStore();
    const signer = noteSigner(logKey.signerKey);
    const sinks = [storeSink(store)];
    for (const every of [{}, { events: 0 }, { seconds: -1 }, { events: 1.5 }])
      expect(() => checkpointer({ store, signer, every, sinks })).toThrow(/every: \{ events\?, seconds\? \}/);
    expect(() => checkpointer({ store, signer, every: { events: 1 }, sinks: [] })).toThrow(/at least one place/);
    expect(() => checkpointer({ store: {}, signer, every: { events: 1 }, sinks })).toThrow(/Merkle tree/);
  });
});
