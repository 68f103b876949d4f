import { exampleActors, exampleLifecycle } from '@redress/testing';
import { describe, expect, it } from 'vitest';
import { isErased } from '../../privacy/erased';
import { ephemeralKek, type KeyEncryptionKey } from '../../privacy/kek';
import type { KeyStore } from '../../privacy/keyStore';
import { memoryKeyStore } from '../../privacy/memoryKeyStore';
import type { EventStore } from '../../store/eventStore';
import { memoryStore } from '../../store/memoryStore';
import { createEngine } from '../createEngine';
import { sequentialIds } from '../ids';

const officer = exampleActors['privacy-officer'];

/**
 * The store, counting the scans of the whole log (readAll from the start). The
 * tests erase rather than tick: `tick` reads the log for its own due index.
 */
const counting = (store: EventStore) => {
  let scans = 0;
  const counted = Object.create(store) as EventStore;
  Object.defineProperty(counted, 'readAll', {
    value: (options?: Parameters<EventStore['readAll']>[0]) => {
      if ((options?.after ?? 0) === 0) scans++;
      return store.readAll(options);
    },
  });
  return { store: counted, scans: () => scans };
};

const receive = async (engine: ReturnType<typeof createEngine>, id: string, subjectId?: string) => {
  const [first, accept] = exampleLifecycle(id);
  await engine.execute({ ...(first as object), ...(subjectId ? { subjectId } : {}) } as never);
  await engine.execute(accept as never);
};

/** The key store without its subject index: what a store written before the index (or a user adapter) is. */
const withoutIndex = (store: KeyStore): KeyStore => ({
  insert: store.insert,
  fetch: store.fetch,
  destroy: store.destroy,
});

const engineOn = (store: EventStore, keyStore: KeyStore, kek: KeyEncryptionKey) =>
  createEngine({ store, ids: sequentialIds(), privacy: { keys: { store: keyStore, kek } } });

describe("erasure through the key store's subject index", () => {
  it('erase by subject and finishing erasures read the index, never the whole log, once it is filled', async () => {
    const log = counting(memoryStore());
    const keyStore = memoryKeyStore();
    const kek = ephemeralKek();
    const engine = engineOn(log.store, keyStore, kek);
    await receive(engine, 'C-1', 'S-7');
    await receive(engine, 'C-2', 'S-8');
    await receive(engine, 'C-3', 'S-7');
    expect(await keyStore.index.complaintsOf('S-7')).toEqual(['C-1', 'C-3']);
    const before = log.scans();
    const { complaints } = await engine.erase({ subjectId: 'S-7' }, officer, 'request 12');
    expect(complaints).toEqual(['C-1', 'C-3']);
    const restarted = engineOn(log.store, keyStore, kek);
    await restarted.erase({ subjectId: 'S-8' }, officer, 'request 13');
    expect(log.scans() - before, 'scans of the whole log after the index was filled').toBe(0);
    expect(isErased((await restarted.load('C-3')).complainant.name)).toBe(true);
    expect((await restarted.load('C-2')).personalDataErasedAt).toBeDefined();
  });

  it('an erasure cut short before its events is finished from the index at the next start', async () => {
    const store = memoryStore();
    const keyStore = memoryKeyStore();
    const kek = ephemeralKek();
    const first = engineOn(store, keyStore, kek);
    await receive(first, 'C-1', 'S-7');
    await receive(first, 'C-2', 'S-8');
    // What erase records first, then the process dies before any event is appended.
    await keyStore.index.beginErasure({ subjectId: 'S-7', basis: 'request', reason: 'ticket 9', actor: officer });
    const log = counting(store);
    const restarted = engineOn(log.store, keyStore, kek);
    // Any erase waits for the start's finishing of pending erasures.
    await restarted.erase({ subjectId: 'S-8' }, officer, 'request 10');
    const erased = (await restarted.history('C-1')).filter((e) => e.type === 'PersonalDataErased');
    expect(erased.map((e) => [e.data, e.actor])).toEqual([
      [{ subjectId: 'S-7', basis: 'request', reason: 'ticket 9' }, officer],
    ]);
    expect(isErased(await keyStore.fetch('S-7'))).toBe(true);
    expect(await keyStore.index.pendingErasures()).toEqual([]);
    expect(log.scans()).toBe(0);
  });

  it('a log written before the index: filled by one scan, its unfinished erasure finished, then no more scans', async () => {
    const store = memoryStore();
    const keyStore = memoryKeyStore();
    const kek = ephemeralKek();
    let failing = true;
    const old: KeyStore = {
      ...withoutIndex(keyStore),
      destroy: async (id) => {
        if (failing) throw new Error('power cut');
        return keyStore.destroy(id);
      },
    };
    const before = engineOn(store, old, kek);
    await receive(before, 'C-1', 'S-7');
    await receive(before, 'C-2', 'S-8');
    await receive(before, 'C-3', 'S-8');
    await expect(before.erase({ subjectId: 'S-7' }, officer, 'request')).rejects.toThrow('power cut');
    failing = false;
    expect(await keyStore.index.complaintsOf('S-8')).toEqual([]);

    const log = counting(store);
    const upgraded = engineOn(log.store, keyStore, kek);
    expect((await upgraded.erase({ subjectId: 'S-8' }, officer, 'request')).complaints).toEqual(['C-2', 'C-3']);
    expect(log.scans(), 'one scan fills the index').toBe(1);
    expect(isErased(await keyStore.fetch('S-7')), 'the erasure the old engine left unfinished').toBe(true);
    expect(await keyStore.index.complaintsOf('S-8')).toEqual(['C-2', 'C-3']);
    expect((await engineOn(log.store, keyStore, kek).erase({ subjectId: 'S-8' }, officer, 'again')).events).toEqual([]);
    expect(log.scans()).toBe(1);
  });

  it("a link to another subject's complaint is never erased as theirs", async () => {
    const store = memoryStore();
    const keyStore = memoryKeyStore();
    const engine = engineOn(store, keyStore, ephemeralKek());
    await receive(engine, 'C-1', 'S-7');
    await receive(engine, 'C-2', 'S-8');
    await keyStore.index.link([{ subjectId: 'S-7', complaintId: 'C-2' }]);
    const { complaints, events } = await engine.erase({ subjectId: 'S-7' }, officer, 'request');
    expect(complaints).toEqual(['C-1']);
    expect(events.map((e) => e.streamId)).toEqual(['C-1']);
    expect((await engine.load('C-2')).complainant.name).toBe('王芳');
  });

  it('a key store without an index still erases, by scanning the log', async () => {
    const log = counting(memoryStore());
    const engine = engineOn(log.store, withoutIndex(memoryKeyStore()), ephemeralKek());
    await receive(engine, 'C-1', 'S-7');
    await receive(engine, 'C-2', 'S-7');
    const before = log.scans();
    expect((await engine.erase({ subjectId: 'S-7' }, officer, 'request')).complaints).toEqual(['C-1', 'C-2']);
    expect(log.scans()).toBeGreaterThan(before);
  });
});
