import fc from 'fast-check';
import {
  EMPTY_ROOT,
  merkleRootOf,
  verifyConsistency,
  verifyInclusion,
  type EventStore,
  type MerkleLog,
  type StoredEvent,
} from '@redress/core';
import { describe, expect, test, type TestContext } from 'vitest';
import { expectRedressError, readEverything, type storeContext } from './storeContext';
import { testEvents, uniqueStreamId } from './testEvents';

type Ctx = ReturnType<typeof storeContext>;

/** The store's tree, or the test is skipped (with a note) for a store that keeps none. */
const treeOf = (store: EventStore, t: TestContext): MerkleLog => {
  if (store.merkle === undefined) t.skip('this store keeps no Merkle tree (EventStore.merkle is optional)');
  return store.merkle as MerkleLog;
};

/** Append `counts[i]` events to stream i % streams, round after round; returns nothing, read the store back. */
const appendRounds = async (store: EventStore, counts: readonly number[], streams = 3) => {
  const ids = Array.from({ length: streams }, () => uniqueStreamId('m'));
  const last = new Map<string, StoredEvent | undefined>();
  for (const [i, count] of counts.entries()) {
    const id = ids[i % streams] as string;
    const after = last.get(id);
    const events = testEvents(id, count, after === undefined ? {} : { after });
    await store.append(id, events, { expectedVersion: after?.version ?? 0 });
    last.set(id, { ...(events.at(-1) as StoredEvent) });
  }
};

/** What the tree must agree with: the log as `readAll` gives it. */
const expectTreeOfLog = async (store: EventStore, tree: MerkleLog, sizes: 'all' | 'last' = 'all') => {
  const all = await readEverything(store);
  const hashes = all.map((e) => e.hash);
  expect(await tree.size()).toBe(all.length);
  const check = sizes === 'all' ? hashes.map((_, i) => i + 1) : [all.length];
  for (const n of check)
    expect(await tree.root(n), `root of the first ${n} events`).toBe(await merkleRootOf(hashes.slice(0, n)));
  return all;
};

/** The log-wide Merkle tree: sizes, roots, proofs, and what a failed append leaves. */
export const merkleFeatures = (ctx: Ctx) => {
  describe('Merkle tree', () => {
    test('an empty store has an empty tree: size 0, the root of no bytes', async (t) => {
      const tree = treeOf(ctx.store, t);
      expect(await tree.size()).toBe(0);
      expect(await tree.root(0)).toBe(EMPTY_ROOT);
      expect(await tree.consistencyProof(0, 0)).toEqual([]);
    });

    test('the root at every size is the RFC 6962 root over readAll’s event hashes, one leaf per event', async (t) => {
      const tree = treeOf(ctx.store, t);
      await appendRounds(ctx.store, [1, 3, 2, 1, 5, 1, 17, 1, 2]);
      await expectTreeOfLog(ctx.store, tree);
    });

    test('every event has an inclusion proof that verifies against the root, and leafIndex finds its leaf', async (t) => {
      const tree = treeOf(ctx.store, t);
      await appendRounds(ctx.store, [2, 1, 4, 3, 1, 2]);
      const all = await readEverything(ctx.store);
      const size = all.length;
      const root = await tree.root(size);
      for (const [index, event] of all.entries()) {
        expect(await tree.leafIndex(event.position)).toBe(index);
        const proof = await tree.inclusionProof(index, size);
        expect(
          verifyInclusion({ eventHash: event.hash, index, size, proof, root }),
          `event at position ${event.position}`,
        ).toBe(true);
        expect(verifyInclusion({ eventHash: all[(index + 1) % size]!.hash, index, size, proof, root })).toBe(false);
      }
      expect(await tree.leafIndex(all.at(-1)!.position + 1000)).toBeNull();
    });

    test('consistency proofs between every pair of sizes verify', async (t) => {
      const tree = treeOf(ctx.store, t);
      await appendRounds(ctx.store, [1, 2, 3, 1, 1, 4]);
      const n = await tree.size();
      const roots = [EMPTY_ROOT];
      for (let k = 1; k <= n; k++) roots.push(await tree.root(k));
      for (let m = 0; m <= n; m++) {
        for (let k = m; k <= n; k++) {
          const proof = await tree.consistencyProof(m, k);
          expect(
            verifyConsistency({ oldSize: m, oldRoot: roots[m]!, newSize: k, newRoot: roots[k]!, proof }),
            `from ${m} to ${k}`,
          ).toBe(true);
        }
      }
    });

    test('an append refused (version conflict, twin outbox id) adds no leaf', async (t) => {
      const tree = treeOf(ctx.store, t);
      const id = uniqueStreamId();
      const first = testEvents(id, 2);
      await ctx.store.append(id, first, { expectedVersion: 0 });
      const root = await tree.root(2);
      await expectRedressError(ctx.store.append(id, testEvents(id, 1), { expectedVersion: 0 }), 'CONFLICT');
      const more = testEvents(id, 1, { after: first.at(-1) });
      const row = { id: `m-${id}`, streamId: id, eventId: more[0]!.id, channel: 'email', payload: {} };
      await expectRedressError(ctx.store.append(id, more, { expectedVersion: 2, outbox: [row, row] }), 'CONFLICT');
      expect(await tree.size()).toBe(2);
      expect(await tree.root(2)).toBe(root);
      await ctx.store.append(id, more, { expectedVersion: 2 });
      await expectTreeOfLog(ctx.store, tree);
    });

    test('concurrent writers on many streams: the tree still follows readAll’s order exactly', async (t) => {
      const tree = treeOf(ctx.store, t);
      const writers = Array.from({ length: 8 }, () => uniqueStreamId('w'));
      await Promise.all(
        writers.map(async (id, w) => {
          let after: StoredEvent | undefined;
          for (let round = 0; round < 6; round++) {
            const events = testEvents(id, 1 + ((w + round) % 3), after === undefined ? {} : { after });
            await ctx.store.append(id, events, { expectedVersion: after?.version ?? 0 });
            after = { ...(events.at(-1) as StoredEvent) };
          }
        }),
      );
      const all = await expectTreeOfLog(ctx.store, tree, 'last');
      const size = all.length;
      const root = await tree.root(size);
      for (const index of [0, size >> 1, size - 1]) {
        const proof = await tree.inclusionProof(index, size);
        expect(verifyInclusion({ eventHash: all[index]!.hash, index, size, proof, root })).toBe(true);
      }
    });

    test('after any sequence of appends, the tree is the one over readAll (property)', async (t) => {
      const tree = treeOf(ctx.store, t);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 6 }),
          fc.integer({ min: 1, max: 3 }),
          async (counts, streams) => {
            await appendRounds(ctx.store, counts, streams);
            const all = await expectTreeOfLog(ctx.store, tree, 'last');
            const m = Math.floor(all.length / 3);
            const proof = await tree.consistencyProof(m, all.length);
            expect(
              verifyConsistency({
                oldSize: m,
                oldRoot: await tree.root(m),
                newSize: all.length,
                newRoot: await tree.root(all.length),
                proof,
              }),
            ).toBe(true);
          },
        ),
        { numRuns: 8 },
      );
    });

    const refusals: [string, (tree: MerkleLog, n: number) => Promise<unknown>][] = [
      ['root beyond the tree', (tree: MerkleLog, n: number) => tree.root(n + 1)],
      ['a negative size', (tree: MerkleLog) => tree.root(-1)],
      ['a fractional size', (tree: MerkleLog) => tree.root(1.5)],
      ['an inclusion proof of a leaf outside the tree', (tree: MerkleLog, n: number) => tree.inclusionProof(n, n)],
      [
        'a consistency proof from a larger to a smaller tree',
        (tree: MerkleLog, n: number) => tree.consistencyProof(n, n - 1),
      ],
      [
        'a consistency proof to a tree beyond this one',
        (tree: MerkleLog, n: number) => tree.consistencyProof(1, n + 1),
      ],
    ];
    test.for(refusals)('%s is refused with VALIDATION', async ([, ask], t) => {
      const tree = treeOf(ctx.store, t);
      await appendRounds(ctx.store, [2, 1]);
      await expectRedressError(() => ask(tree, 3), 'VALIDATION');
    });
  });
};
