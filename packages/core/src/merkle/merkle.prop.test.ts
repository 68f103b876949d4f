import { createHash } from 'node:crypto';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { memoryTree } from './memoryTree';
import { EMPTY_ROOT } from './treeHash';
import { verifyConsistency, verifyInclusion } from './verifyProofs';

// The reference: RFC 6962 §2.1 written out as recursion over the leaves, with its own hashing.
const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const split = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1);
const mth = (d: readonly string[]): Buffer => {
  if (d.length === 0) return sha();
  if (d.length === 1) return sha(Buffer.from([0]), Buffer.from(d[0] as string, 'hex'));
  const k = split(d.length);
  return sha(Buffer.from([1]), mth(d.slice(0, k)), mth(d.slice(k)));
};
const path = (m: number, d: readonly string[]): Buffer[] => {
  if (d.length <= 1) return [];
  const k = split(d.length);
  return m < k ? [...path(m, d.slice(0, k)), mth(d.slice(k))] : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
};
const subproof = (m: number, d: readonly string[], b: boolean): Buffer[] => {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = split(d.length);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
};
const hex = (bs: Buffer[]) => bs.map((b) => b.toString('hex'));

/** Distinct event hashes, as the engine writes them. */
const hashes = (max: number) =>
  fc.uniqueArray(
    fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex')),
    { minLength: 1, maxLength: max },
  );
const treeOf = (d: readonly string[]) => {
  const tree = memoryTree();
  for (const [i, h] of d.entries()) tree.append(h, i + 1);
  return tree.log;
};
/** Another hash: one bit of `hash` flipped. */
const flip = (hash: string, bit: number) => {
  const b = Buffer.from(hash, 'hex');
  b[(bit >> 3) % 32] = (b[(bit >> 3) % 32] as number) ^ (1 << (bit & 7));
  return b.toString('hex');
};

describe('the log-wide Merkle tree (RFC 6962)', () => {
  test('the empty tree has the hash of no bytes as its root', async () => {
    expect(await memoryTree().log.root(0)).toBe(EMPTY_ROOT);
    expect(EMPTY_ROOT).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  test.prop([hashes(140)], { numRuns: 60 })('the root at every size equals the recursive definition', async (d) => {
    const log = treeOf(d);
    for (let n = 0; n <= d.length; n++) expect(await log.root(n)).toBe(mth(d.slice(0, n)).toString('hex'));
  });

  test.prop([hashes(90), fc.nat(), fc.nat()], { numRuns: 120 })(
    'an inclusion proof is PATH(m, D[n]), verifies for its leaf, and fails for every other leaf and index',
    async (d, a, b) => {
      const size = (a % d.length) + 1;
      const index = b % size;
      const log = treeOf(d);
      const proof = await log.inclusionProof(index, size);
      const root = await log.root(size);
      expect(proof).toEqual(hex(path(index, d.slice(0, size))));
      expect(verifyInclusion({ eventHash: d[index] as string, index, size, proof, root })).toBe(true);
      for (let j = 0; j < size; j++) {
        if (j !== index) {
          expect(
            verifyInclusion({ eventHash: d[j] as string, index, size, proof, root }),
            `leaf ${j} at index ${index}`,
          ).toBe(false);
          expect(verifyInclusion({ eventHash: d[index] as string, index: j, size, proof, root }), `index ${j}`).toBe(
            false,
          );
        }
      }
      expect(verifyInclusion({ eventHash: flip(d[index] as string, a), index, size, proof, root })).toBe(false);
    },
  );

  test.prop([hashes(90), fc.nat(), fc.nat(), fc.nat()], { numRuns: 150 })(
    'a consistency proof between any sizes m ≤ n is SUBPROOF(m, D[n], true), verifies, and fails for any altered leaf or proof hash',
    async (d, a, b, bit) => {
      const n = (a % d.length) + 1;
      const m = b % (n + 1);
      const log = treeOf(d);
      const proof = await log.consistencyProof(m, n);
      const oldRoot = await log.root(m);
      const newRoot = await log.root(n);
      expect(proof).toEqual(m === 0 ? [] : hex(subproof(m, d.slice(0, n), true)));
      expect(verifyConsistency({ oldSize: m, oldRoot, newSize: n, newRoot, proof })).toBe(true);
      proof.forEach((_, i) => {
        const altered = proof.map((p, j) => (j === i ? flip(p, bit) : p));
        expect(
          verifyConsistency({ oldSize: m, oldRoot, newSize: n, newRoot, proof: altered }),
          `proof hash ${i} altered`,
        ).toBe(false);
      });
      if (m === 0) return; // every tree extends the empty one: there is nothing to alter
      for (let j = 0; j < n; j++) {
        const changed = d.slice(0, n).map((h, k) => (k === j ? flip(h, bit) : h));
        const newer = mth(changed).toString('hex');
        expect(
          verifyConsistency({ oldSize: m, oldRoot, newSize: n, newRoot: newer, proof }),
          `leaf ${j} altered in the newer tree`,
        ).toBe(false);
        if (j < m) {
          const older = mth(changed.slice(0, m)).toString('hex');
          expect(
            verifyConsistency({ oldSize: m, oldRoot: older, newSize: n, newRoot, proof }),
            `leaf ${j} altered in the older tree`,
          ).toBe(false);
        }
      }
    },
  );

  test.prop([hashes(40), fc.nat(), fc.nat()], { numRuns: 60 })(
    'a consistency proof does not verify for sizes it was not made for',
    async (d, a, b) => {
      const n = (a % d.length) + 1;
      const m = (b % n) + 1;
      const log = treeOf(d);
      const proof = await log.consistencyProof(m, n);
      const claim = { oldSize: m, oldRoot: await log.root(m), newSize: n, newRoot: await log.root(n), proof };
      for (let other = 1; other <= d.length; other++) {
        if (other !== m)
          expect(verifyConsistency({ ...claim, oldSize: other, oldRoot: await log.root(Math.min(other, n)) })).toBe(
            false,
          );
      }
    },
  );
});
