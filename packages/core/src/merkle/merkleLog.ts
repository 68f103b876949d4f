import { RedressError } from '../errors/redressError';
import type { MerkleLog } from '../store/eventStore';
import { shownValue } from '../store/optionChecks';
import { consistencyRanges, inclusionRanges, type LeafRange } from './proofRanges';
import { rangeHash, subtreeKey, subtreesOf, type Subtree } from './subtrees';
import { EMPTY_ROOT } from './treeHash';

/**
 * Where a store keeps its tree: the size and the stored hashes of complete
 * subtrees. `merkleLog` turns one into the `MerkleLog` port.
 *
 * @example
 * const source: SubtreeSource = { size: async () => hashes.length, hashes: async (subtrees) => lookUp(subtrees), leafIndex: async (p) => p - 1 };
 */
export interface SubtreeSource {
  /** Leaves in the tree now (a store may take in committed events first). */
  size(): Promise<number>;
  /** The stored hashes of these complete subtrees, by `subtreeKey`; missing ones are damage. */
  hashes(subtrees: readonly Subtree[]): Promise<ReadonlyMap<string, Buffer>>;
  leafIndex(position: number): Promise<number | null>;
}

const whole = (value: unknown, what: string): number => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RedressError('VALIDATION', `${what} must be a whole number ≥ 0, got ${shownValue(value)}`);
  }
  return value;
};

/** The hashes of `ranges`, from one read of every subtree they are made of. */
const hashesOf = async (source: SubtreeSource, ranges: readonly LeafRange[]): Promise<string[]> => {
  const wanted = new Map<string, Subtree>();
  for (const [start, end] of ranges) for (const s of subtreesOf(start, end)) wanted.set(subtreeKey(s), s);
  const found = await source.hashes([...wanted.values()]);
  const hashOf = (s: Subtree): Buffer => {
    const hash = found.get(subtreeKey(s));
    if (hash === undefined || hash.length !== 32) {
      const from = s.index * 2 ** s.level;
      throw new RedressError(
        'TAMPERED',
        `The store's Merkle tree has no valid hash for leaves ${from} to ${from + 2 ** s.level - 1}; its tree tables do not hold what Redress wrote, restore them from a backup`,
        { level: s.level, index: s.index },
      );
    }
    return hash;
  };
  return ranges.map(([start, end]) => rangeHash(start, end, hashOf).toString('hex'));
};

/**
 * The `MerkleLog` port over a store's subtree hashes: checks every size and
 * index against the tree, plans which stored hashes a root or proof needs
 * (O(log n) of them), reads them at once and folds them.
 *
 * @example
 * const merkle = merkleLog({ size, hashes, leafIndex }); // what each Redress store does
 * await merkle.root(await merkle.size());
 */
export const merkleLog = (source: SubtreeSource): MerkleLog => {
  /** `size` checked against the tree as it is now. */
  const withinTree = async (value: unknown, what: string): Promise<number> => {
    const size = whole(value, what);
    const leaves = await source.size();
    if (size > leaves) {
      throw new RedressError(
        'VALIDATION',
        `${what} ${size} is beyond the tree, which has ${leaves} leaves now; ask for at most ${leaves}`,
        {
          size,
          treeSize: leaves,
        },
      );
    }
    return size;
  };

  return {
    size: () => source.size(),

    async root(size) {
      const n = await withinTree(size, 'Tree size');
      if (n === 0) return EMPTY_ROOT;
      return (await hashesOf(source, [[0, n]]))[0] as string;
    },

    async inclusionProof(index, size) {
      const i = whole(index, 'Leaf index');
      const n = await withinTree(size, 'Tree size');
      if (i >= n)
        throw new RedressError('VALIDATION', `Leaf index ${i} is not in a tree of ${n} leaves; it must be below ${n}`, {
          index: i,
          size: n,
        });
      return hashesOf(source, inclusionRanges(i, n));
    },

    async consistencyProof(m, n) {
      const older = whole(m, 'Older tree size');
      const newer = await withinTree(n, 'Newer tree size');
      if (older > newer) {
        throw new RedressError(
          'VALIDATION',
          `Older tree size ${older} is larger than newer tree size ${newer}; a consistency proof goes from a smaller tree to a larger one`,
          {
            m: older,
            n: newer,
          },
        );
      }
      return hashesOf(source, consistencyRanges(older, newer));
    },

    async leafIndex(position) {
      return source.leafIndex(whole(position, 'Position'));
    },
  };
};
