export { EMPTY_ROOT, entryOf, hashBytes, leafHash, nodeHash, type MerkleHash } from './treeHash';
export {
  extendTree,
  mergedPeaks,
  rangeHash,
  splitPoint,
  subtreeKey,
  subtreesOf,
  type Subtree,
  type SubtreeHash,
} from './subtrees';
export { consistencyRanges, inclusionRanges, type LeafRange } from './proofRanges';
export {
  includesLeaf,
  verifyConsistency,
  verifyInclusion,
  type ConsistencyClaim,
  type InclusionClaim,
} from './verifyProofs';
export { merkleLog, type SubtreeSource } from './merkleLog';
export { memoryTree, merkleRootOf } from './memoryTree';
export { compactTree, type CompactTree } from './compactTree';
