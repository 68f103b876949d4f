import { createEngine, isRedressError, type EventStore } from '@redress/core';
import { afterAll, expect, test } from 'vitest';
import { postgresStore } from './postgresStore';
import { describePg, dropSchema, testPool, uniqueSchema } from './testing/pgTest';

const agent = { id: 'agent-7', role: 'agent' } as const;
const handler = { id: 'handler-1', role: 'handler' } as const;

/** The store, counting the version conflicts it reports. */
const counting = (store: EventStore) => {
  const seen = { conflicts: 0 };
  const wrapped: EventStore = {
    ...store,
    async append(streamId, events, options) {
      try {
        return await store.append(streamId, events, options);
      } catch (error) {
        if (isRedressError(error, 'CONFLICT')) seen.conflicts++;
        throw error;
      }
    },
  };
  return { store: wrapped, seen };
};

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

/**
 * Make two stores' first appends on each armed stream collide, however the race
 * is scheduled: `a`'s first append waits until `b`'s first has been issued (so
 * `b` has read, or taken from its cache, the version before), and `b`'s reaches
 * the store only once `a`'s has landed, expecting a version that is then stale.
 */
const collideFirst = (a: EventStore, b: EventStore) => {
  const gates = new Map<
    string,
    { issued: ReturnType<typeof deferred>; landed: ReturnType<typeof deferred>; first: Set<string> }
  >();
  const side = (store: EventStore, name: 'a' | 'b'): EventStore => ({
    ...store,
    async append(streamId, events, options) {
      const gate = gates.get(streamId);
      if (gate === undefined || gate.first.has(name)) return store.append(streamId, events, options);
      gate.first.add(name);
      if (name === 'b') {
        gate.issued.resolve();
        await gate.landed.promise;
        return store.append(streamId, events, options);
      }
      await gate.issued.promise;
      try {
        return await store.append(streamId, events, options);
      } finally {
        gate.landed.resolve();
      }
    },
  });
  return {
    a: side(a, 'a'),
    b: side(b, 'b'),
    arm: (streams: readonly string[]) => {
      for (const s of streams) gates.set(s, { issued: deferred(), landed: deferred(), first: new Set() });
    },
  };
};

describePg('two engines, each with its own pool, on the same complaints', () => {
  const schema = uniqueSchema('engines');
  const pools = [testPool(3), testPool(3)];
  afterAll(async () => {
    await dropSchema(pools[0]!, schema);
    await Promise.all(pools.map((p) => p.end()));
  });

  test('commands racing on the same complaints: every one lands, no lost event, no version gap, conflicts retried', async () => {
    const [a, b] = pools.map((pool) => counting(postgresStore({ pool, schema }))) as [
      ReturnType<typeof counting>,
      ReturnType<typeof counting>,
    ];
    const collide = collideFirst(a.store, b.store);
    const engines = [
      createEngine({ store: collide.a, maxAttempts: 50 }),
      createEngine({ store: collide.b, maxAttempts: 50 }),
    ];
    const ids = ['C-race-1', 'C-race-2', 'C-race-3', 'C-race-4'];
    for (const complaintId of ids) {
      await engines[0]!.execute({
        type: 'receive',
        complaintId,
        actor: agent,
        channel: 'phone',
        category: 'quality',
        complainant: { name: '王芳' },
        summary: '水壶漏水',
      });
    }
    collide.arm(ids);
    const notes = ids.flatMap((complaintId) =>
      engines.flatMap((engine, e) =>
        Array.from({ length: 10 }, (_, n) => ({ engine, complaintId, text: `engine ${e} note ${n} 备注` })),
      ),
    );
    const accepts = ids.map((complaintId) =>
      engines[1]!.execute({
        type: 'accept',
        complaintId,
        actor: handler,
        department: 'quality-control',
        priority: 'high',
      }),
    );
    const results = await Promise.allSettled([
      ...notes.map(({ engine, complaintId, text }) =>
        engine.execute({ type: 'addNote', complaintId, actor: agent, text }),
      ),
      ...accepts,
    ]);
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    expect(failures).toEqual([]);

    for (const complaintId of ids) {
      const history = await engines[0]!.history(complaintId);
      // receive + acknowledgement, 20 notes, 1 acceptance: nothing lost, nothing twice.
      expect(history.map((e) => e.version)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
      const texts = history.flatMap((e) => (e.type === 'NoteAdded' ? [(e.data as { text: string }).text] : []));
      expect(texts.sort()).toEqual(
        notes
          .filter((n) => n.complaintId === complaintId)
          .map((n) => n.text)
          .sort(),
      );
      expect(history.filter((e) => e.type === 'ComplaintAccepted')).toHaveLength(1);
      expect(await engines[1]!.verify(complaintId)).toMatchObject({ ok: true });
      expect((await engines[1]!.load(complaintId)).version).toBe(23);
    }
    // The engines really did collide and retry: at least once on every complaint, by construction.
    expect(b.seen.conflicts).toBeGreaterThanOrEqual(ids.length);
    expect(a.seen.conflicts + b.seen.conflicts).toBeGreaterThan(0);
  });
});
