import { nodeHash } from './treeHash';

/**
 * A complete subtree of the log's tree: the 2^level leaves from `index · 2^level`
 * on. Level 0 is one leaf. Stores keep the hash of every complete subtree, so any
 * root or proof hash is a few reads.
 *
 * @example
 * const third: Subtree = { level: 0, index: 2 };          // leaf 2
 * const firstFour: Subtree = { level: 2, index: 0 };      // leaves 0–3
 */
export interface Subtree {
  readonly level: number;
  readonly index: number;
}

/**
 * The key a subtree's hash is looked up by in the maps stores return.
 *
 * @example
 * subtreeKey({ level: 2, index: 1 }); // '2:1'
 */
export const subtreeKey = (s: Subtree): string => `${s.level}:${s.index}`;

/** 2^level as a number, exact up to 2^53. */
const pow2 = (level: number): number => 2 ** level;

/**
 * The largest power of two smaller than `n` (n ≥ 2): where RFC 6962 splits a tree of n leaves.
 *
 * @example
 * splitPoint(5); // 4
 * splitPoint(4); // 2
 */
export const splitPoint = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/**
 * The complete subtrees that make up leaves [start, end), largest first, as
 * RFC 6962 splits them: every range a root or a proof asks for starts on a
 * multiple of a power of two at least as large as the range, so this is the
 * binary decomposition of its length, left to right.
 *
 * @example
 * subtreesOf(0, 7); // [{ level: 2, index: 0 }, { level: 1, index: 2 }, { level: 0, index: 6 }]
 */
export const subtreesOf = (start: number, end: number): Subtree[] => {
  const out: Subtree[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    // Grow while the next larger subtree is aligned at `at` and fits before `end`.
    while (at % pow2(level + 1) === 0 && at + pow2(level + 1) <= end) level++;
    out.push({ level, index: at / pow2(level) });
    at += pow2(level);
  }
  return out;
};

/**
 * The RFC 6962 hash of leaves [start, end) (end > start) from the hashes of its
 * complete subtrees: the right one folded into the one on its left, up to the first.
 *
 * @example
 * const root = rangeHash(0, size, (s) => stored.get(subtreeKey(s))!);
 */
export const rangeHash = (start: number, end: number, hashOf: (s: Subtree) => Buffer): Buffer => {
  const parts = subtreesOf(start, end);
  let hash = hashOf(parts[parts.length - 1] as Subtree);
  for (let i = parts.length - 2; i >= 0; i--) hash = nodeHash(hashOf(parts[i] as Subtree), hash);
  return hash;
};

/**
 * The complete subtrees of a tree of `size` leaves that `count` more leaves merge
 * into larger ones: the only stored hashes an append must read. On average one.
 *
 * @example
 * mergedPeaks(3, 1); // [{ level: 1, index: 0 }, { level: 0, index: 2 }]: leaf 3 completes leaves 0–3
 */
export const mergedPeaks = (size: number, count: number): Subtree[] =>
  subtreesOf(0, size).filter(({ level }) => {
    // A peak is the left child of a parent that completes once the tree reaches the parent's end.
    const parent = pow2(level + 1);
    return Math.floor((size + count) / parent) > Math.floor(size / parent);
  });

/**
 * A subtree hash computed by `extendTree`, to be stored.
 *
 * @example
 * const added: SubtreeHash[] = extendTree(0, [leafHash(entryOf(event.hash))], () => { throw new Error('no peaks in an empty tree'); });
 */
export interface SubtreeHash extends Subtree {
  readonly hash: Buffer;
}

/**
 * The subtree hashes that leaves `size`, `size + 1`, … (given as their leaf
 * hashes) add to a tree of `size` leaves: each leaf (level 0) and every subtree
 * it completes. `peak` gives the stored hashes of `mergedPeaks(size, count)`.
 *
 * @example
 * const added = extendTree(size, leaves, (s) => peaks.get(subtreeKey(s))!);
 */
export const extendTree = (size: number, leaves: readonly Buffer[], peak: (s: Subtree) => Buffer): SubtreeHash[] => {
  const out: SubtreeHash[] = [];
  const fresh = new Map<string, Buffer>();
  const hashAt = (s: Subtree) => fresh.get(subtreeKey(s)) ?? peak(s);
  leaves.forEach((hash, i) => {
    let node: SubtreeHash = { level: 0, index: size + i, hash };
    out.push(node);
    fresh.set(subtreeKey(node), hash);
    // A right child completes its parent.
    while (node.index % 2 === 1) {
      const left = hashAt({ level: node.level, index: node.index - 1 });
      node = { level: node.level + 1, index: (node.index - 1) / 2, hash: nodeHash(left, node.hash) };
      out.push(node);
      fresh.set(subtreeKey(node), node.hash);
    }
  });
  return out;
};
