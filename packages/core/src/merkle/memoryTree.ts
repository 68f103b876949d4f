import type { MerkleLog } from '../store/eventStore';
import { merkleLog } from './merkleLog';
import { extendTree, subtreeKey, type Subtree } from './subtrees';
import { EMPTY_ROOT, entryOf, leafHash, type MerkleHash } from './treeHash';

/**
 * The first index `i` in the ascending `values` with `values[i] >= target`
 * (`values.length` when there is none).
 */
const lowerBound = (values: readonly number[], target: number): number => {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * A Merkle tree in process memory, with every complete subtree's hash kept by
 * level: what `memoryStore` keeps, and what an auditor builds from an export to
 * compare roots with a checkpoint. `append` is synchronous, so a store can do it
 * inside its atomic append.
 *
 * @example
 * const tree = memoryTree();
 * for (const e of events) tree.append(e.hash, e.position);
 * await tree.log.root(events.length); // the root a checkpoint of this log would sign
 */
export const memoryTree = () => {
  // levels[l][i]: the hash of subtree (l, i).
  const levels: Buffer[][] = [[]];
  const positions: number[] = [];
  const size = () => (levels[0] as Buffer[]).length;

  const hashOf = (s: Subtree): Buffer | undefined => levels[s.level]?.[s.index];

  const log: MerkleLog = merkleLog({
    size: async () => size(),
    async hashes(subtrees) {
      const out = new Map<string, Buffer>();
      for (const s of subtrees) {
        const hash = hashOf(s);
        if (hash !== undefined) out.set(subtreeKey(s), hash);
      }
      return out;
    },
    async leafIndex(position) {
      const i = lowerBound(positions, position);
      return positions[i] === position ? i : null;
    },
  });

  return {
    get size() {
      return size();
    },
    /** Add the event with this hash, at this global position (positions must increase). */
    append(eventHash: string, position: number): void {
      const added = extendTree(size(), [leafHash(entryOf(eventHash))], (s) => hashOf(s) as Buffer);
      for (const { level, index, hash } of added) {
        const row = levels[level] ?? [];
        levels[level] = row;
        row[index] = hash;
      }
      positions.push(position);
    },
    log,
  };
};

/**
 * The RFC 6962 root over these event hashes, in order: what a store's
 * `merkle.root(n)` gives for its first n events.
 *
 * @example
 * const events = await collect(store.readAll());
 * merkleRootOf(events.map((e) => e.hash)) === (await store.merkle!.root(events.length)); // true
 */
export const merkleRootOf = async (eventHashes: Iterable<string>): Promise<MerkleHash> => {
  const tree = memoryTree();
  let n = 0;
  for (const hash of eventHashes) tree.append(hash, ++n);
  return n === 0 ? EMPTY_ROOT : tree.log.root(n);
};
