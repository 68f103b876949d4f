import { RedressError } from '../errors/redressError';
import { rangeHash, type Subtree } from './subtrees';
import { EMPTY_ROOT, entryOf, leafHash, nodeHash, type MerkleHash } from './treeHash';

const HASH = 32;

/** One level of the tree: its complete subtrees' hashes, 32 bytes each, end to end, in a buffer that grows by doubling. */
class Level {
  private bytes = Buffer.allocUnsafe(HASH * 64);
  count = 0;

  push(hash: Uint8Array): void {
    if ((this.count + 1) * HASH > this.bytes.length) {
      const grown = Buffer.allocUnsafe(this.bytes.length * 2);
      this.bytes.copy(grown, 0, 0, this.count * HASH);
      this.bytes = grown;
    }
    this.bytes.set(hash, this.count * HASH);
    this.count++;
  }

  at(index: number): Buffer {
    return this.bytes.subarray(index * HASH, (index + 1) * HASH);
  }
}

/**
 * An RFC 6962 tree built from event hashes as they are read, with the hash of
 * every complete subtree kept in one buffer a level (about 64 bytes an event,
 * against several times that for a buffer a node): what an auditor recomputes
 * from a log of millions of events to compare with a checkpoint. The root at
 * any size up to the leaves added is O(log n) hashing.
 *
 * @example
 * const tree = compactTree();
 * for await (const e of store.readAll()) tree.add(e.hash);
 * tree.root(trusted.size) === trusted.rootHash; // the log still holds what the checkpoint signed
 */
export const compactTree = () => {
  const levels: Level[] = [new Level()];
  const level = (l: number): Level => (levels[l] ??= new Level());
  const hashOf = (s: Subtree): Buffer => level(s.level).at(s.index);

  return {
    /** Leaves added so far. */
    get size(): number {
      return (levels[0] as Level).count;
    },
    /** Add the next leaf: an event's stored hash (see `entryOf`). */
    add(eventHash: string): void {
      let hash: Buffer = leafHash(entryOf(eventHash));
      let index = (levels[0] as Level).count;
      level(0).push(hash);
      // A right child completes its parent, which may complete its own.
      for (let l = 0; index % 2 === 1; l++) {
        hash = nodeHash(level(l).at(index - 1), hash);
        index = (index - 1) / 2;
        level(l + 1).push(hash);
      }
    },
    /** The leaf hash of leaf `index` (0 ≤ index < size). */
    leaf(index: number): Buffer {
      return level(0).at(index);
    },
    /** The root of the first `size` leaves (0 ≤ size ≤ the leaves added), as 64 hex digits. */
    root(size: number): MerkleHash {
      const leaves = (levels[0] as Level).count;
      if (!Number.isSafeInteger(size) || size < 0 || size > leaves) {
        throw new RedressError(
          'VALIDATION',
          `Tree size ${String(size)} is not within the ${leaves} leaves added; ask for 0 to ${leaves}`,
          { size: Number(size), treeSize: leaves },
        );
      }
      return size === 0 ? EMPTY_ROOT : rangeHash(0, size, hashOf).toString('hex');
    },
  };
};

/**
 * A tree as `compactTree` returns it.
 *
 * @example
 * const tree: CompactTree = compactTree();
 */
export type CompactTree = ReturnType<typeof compactTree>;
