import type { Checkpoint } from '../checkpoint/checkpoint';
import { isRedressError } from '../errors/redressError';
import type { CompactTree } from '../merkle/compactTree';
import { verifyConsistency } from '../merkle/verifyProofs';
import type { MerkleLog } from '../store/eventStore';
import { finding, type FindingList } from './findings';

const short = (hash: string) => `${hash.slice(0, 12)}…`;

/**
 * Compare the store's own Merkle tree (what its proofs and future checkpoints
 * come from) with the tree recomputed from its events, and, when the events
 * still agree with the trusted checkpoint, check the store's consistency proof
 * from the checkpoint to its tree as it is now. Mismatches are `tree` findings;
 * a tree that has not taken in the last events yet (a writer without it added
 * them), or has taken in more (appended while the log was read), is a note:
 * the events, not the tree, are the log.
 *
 * @example
 * const notes = await checkStoreTree(store.merkle, log.tree, trusted, agrees, found);
 */
export const checkStoreTree = async (
  merkle: MerkleLog,
  tree: CompactTree,
  checkpoint: Checkpoint,
  agrees: boolean,
  found: FindingList,
): Promise<string[]> => {
  const notes: string[] = [];
  try {
    const size = await merkle.size();
    const events = tree.size;
    const n = Math.min(size, events);
    const root = await merkle.root(n);
    if (root !== tree.root(n)) {
      const why =
        size > events
          ? `it has ${size} leaves for the ${events} events the store holds, and its first ${n} do not match them: events it took in were deleted or changed since`
          : `at ${n} leaves its root is ${short(root)}, the events give ${short(tree.root(n))}`;
      found.add(
        finding(
          'tree',
          undefined,
          `The store's Merkle tree does not match its events: ${why}; proofs it gives and checkpoints signed from it would not be of these events`,
        ),
      );
      return notes;
    }
    if (size > events)
      notes.push(
        `The store's Merkle tree has ${size - events} more leaves than the ${events} events read: events appended while the log was read; the tree was checked as far as they go`,
      );
    if (size < events) {
      notes.push(
        `The store's Merkle tree holds ${size} of its ${events} events (a writer without the tree added the rest; a writer that has it takes them in when it next opens the store): it was checked as far as it goes`,
      );
    }
    if (agrees && n >= checkpoint.size) {
      const proof = await merkle.consistencyProof(checkpoint.size, n);
      if (
        !verifyConsistency({ oldSize: checkpoint.size, oldRoot: checkpoint.rootHash, newSize: n, newRoot: root, proof })
      ) {
        found.add(
          finding(
            'tree',
            undefined,
            `The store's Merkle tree does not prove that its ${n} leaves extend the trusted checkpoint's ${checkpoint.size}: its consistency proof fails, so its tables were changed`,
          ),
        );
      }
    }
  } catch (error) {
    if (!isRedressError(error) || error.code === 'STORE_UNAVAILABLE') throw error;
    found.add(finding('tree', undefined, `The store's Merkle tree cannot be read: ${error.message}`));
  }
  return notes;
};
