import type { MerkleLog } from '../store/eventStore';
import { merkleLog } from './merkleLog';
import { subtreeKey } from './subtrees';
import { EMPTY_ROOT, entryOf, leafHash, nodeHash, type MerkleHash } from './treeHash';

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
 * inside its atomic append; it only takes the event's hash down, and the tree
 * is hashed when it is next read (its size, a root, a proof). Most logs are
 * read far less often than they are appended to: hashing each leaf as it came
 * was about a quarter of the instructions of an `execute` on the memory store.
 *
 * @example
 * const tree = memoryTree();
 * for (const e of events) tree.append(e.hash, e.position);
 * await tree.log.root(events.length); // the root a checkpoint of this log would sign
 */
export const memoryTree = () => {
  // levels[l][i]: the hash of subtree (l, i), for the leaves hashed so far.
  const levels: Buffer[][] = [[]];
  // Event hashes appended since the tree was last read: the leaves after those of levels[0].
  let pending: string[] = [];
  const positions: number[] = [];

  /** Hash the pending leaves into the tree: each leaf, then every subtree it completes. */
  const settle = () => {
    if (pending.length === 0) return;
    const leaves = levels[0] as Buffer[];
    for (const eventHash of pending) {
      let index = leaves.length;
      let hash = leafHash(entryOf(eventHash));
      leaves.push(hash);
      // A right child completes its parent, which may complete its own; completions come in index order.
      for (let level = 0; index % 2 === 1; level++) {
        hash = nodeHash((levels[level] as Buffer[])[index - 1] as Buffer, hash);
        index = (index - 1) / 2;
        const above = levels[level + 1] ?? [];
        levels[level + 1] = above;
        above.push(hash);
      }
    }
    pending = [];
  };

  const log: MerkleLog = merkleLog({
    size: async () => positions.length,
    async hashes(subtrees) {
      settle();
      const out = new Map<string, Buffer>();
      for (const s of subtrees) {
        const hash = levels[s.level]?.[s.index];
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
      return positions.length;
    },
    /** Add the event with this hash, at this global position (positions must increase). */
    append(eventHash: string, position: number): void {
      pending.push(eventHash);
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
