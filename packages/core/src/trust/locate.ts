import type { Checkpoint } from '../checkpoint/checkpoint';
import { isRedressError } from '../errors/redressError';
import type { CompactTree } from '../merkle/compactTree';
import { includesLeaf, verifyConsistency } from '../merkle/verifyProofs';
import type { MerkleLog } from '../store/eventStore';
import type { EventName } from './findings';

/**
 * Where the log stops agreeing with a checkpoint: the first `through` leaves
 * are proven to be its own; `shiftedTo`, when set, is the checkpoint's leaf
 * that the event now at leaf `through` is proven to be (so the leaves between
 * were deleted). `sound` is false when the store's tree is not the
 * checkpoint's (it lacks the signed root) or failed to give a proof (its
 * tables were changed, or rows holding them deleted), so a failed check says
 * nothing about the events.
 */
export interface Located {
  readonly through: number;
  readonly shiftedTo: number | undefined;
  readonly sound: boolean;
}

/** A proof from the store's tree, or undefined when the store cannot give one (damage of its own: not trusted either way). */
const attempt = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
  try {
    return await work();
  } catch (error) {
    if (isRedressError(error) && error.code !== 'STORE_UNAVAILABLE') return undefined;
    throw error;
  }
};

/**
 * Find how much of the log the checkpoint still covers. The store's tree is
 * not trusted: it only offers proofs, and a proof counts only when it verifies
 * against the checkpoint's signed root, so what is found is proven whatever the
 * store's tables hold. "The first f leaves are the checkpoint's" holds for
 * every f up to the first leaf that differs, so a binary search over the
 * store's consistency proofs (O(log n) of them) finds it. Then, if the event
 * after them is proven to be a later leaf of the checkpoint (by the store's
 * leaf index and an inclusion proof), the leaves between are gone.
 *
 * @example
 * const { through } = await locate(log.tree, trusted, store.merkle, log.eventAt);
 */
export const locate = async (
  tree: CompactTree,
  checkpoint: Checkpoint,
  merkle: MerkleLog | undefined,
  eventAt: (index: number) => EventName | undefined,
): Promise<Located> => {
  const n = checkpoint.size;
  // A store tree without the signed root at the checkpoint's size is not the checkpoint's tree: none of its proofs can hold.
  let sound =
    merkle !== undefined &&
    (await attempt(async () => (await merkle.size()) >= n && (await merkle.root(n)) === checkpoint.rootHash)) === true;
  const proven = async (f: number): Promise<boolean> => {
    if (f === 0) return true;
    if (f === n) return tree.size >= n && tree.root(n) === checkpoint.rootHash;
    if (merkle === undefined || !sound) return false;
    const proof = await attempt(() => merkle.consistencyProof(f, n));
    if (proof === undefined) sound = false;
    return (
      proof !== undefined &&
      verifyConsistency({ oldSize: f, oldRoot: tree.root(f), newSize: n, newRoot: checkpoint.rootHash, proof })
    );
  };

  let lo = 0;
  let hi = Math.min(tree.size, n);
  if (await proven(hi)) lo = hi;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (await proven(mid)) lo = mid;
    else hi = mid;
  }

  const next = eventAt(lo);
  let shiftedTo: number | undefined;
  if (merkle !== undefined && sound && next?.position !== undefined && lo < n) {
    const position = next.position;
    const leaf = await attempt(() => merkle.leafIndex(position));
    if (leaf !== undefined && leaf !== null && leaf > lo && leaf < n) {
      const proof = await attempt(() => merkle.inclusionProof(leaf, n));
      if (proof !== undefined && includesLeaf(tree.leaf(lo), leaf, n, proof, checkpoint.rootHash)) shiftedTo = leaf;
    }
  }
  return { through: lo, shiftedTo, sound };
};
