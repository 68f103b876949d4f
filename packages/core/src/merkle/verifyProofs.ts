import { EMPTY_ROOT, entryOf, hashBytes, leafHash, nodeHash, type MerkleHash } from './treeHash';

/**
 * What `verifyInclusion` checks: that an event's hash is leaf `index` of the tree of `size` leaves with `root`.
 *
 * @example
 * const claim: InclusionClaim = { eventHash: event.hash, index: 4, size: 10, proof, root: checkpoint.rootHash };
 */
export interface InclusionClaim {
  /** The event's hash (its `hash` field), as stored. */
  readonly eventHash: string;
  readonly index: number;
  readonly size: number;
  readonly proof: readonly MerkleHash[];
  readonly root: MerkleHash;
}

/**
 * What `verifyConsistency` checks: that the tree of `newSize` leaves with `newRoot` extends the one of `oldSize` with `oldRoot`.
 *
 * @example
 * const claim: ConsistencyClaim = { oldSize: trusted.size, oldRoot: trusted.rootHash, newSize: latest.size, newRoot: latest.rootHash, proof };
 */
export interface ConsistencyClaim {
  readonly oldSize: number;
  readonly oldRoot: MerkleHash;
  readonly newSize: number;
  readonly newRoot: MerkleHash;
  readonly proof: readonly MerkleHash[];
}

const isSize = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const isOdd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);
/** A proof's hashes as bytes, or undefined when one is not 64 hex digits (or the proof not an array). */
const proofBytes = (proof: unknown): Buffer[] | undefined => {
  if (!Array.isArray(proof) || proof.length > 128) return undefined;
  const out: Buffer[] = [];
  for (const p of proof) {
    const bytes = hashBytes(p);
    if (bytes === undefined) return undefined;
    out.push(bytes);
  }
  return out;
};

/**
 * Check an inclusion proof without the log (RFC 9162 §2.1.3.2): true only when
 * the event's hash is leaf `index` of the tree whose root is `root`. Anything
 * malformed (sizes, hashes, a proof too long or short) is simply false.
 *
 * @example
 * const proof = await store.merkle!.inclusionProof(index, size);
 * verifyInclusion({ eventHash: event.hash, index, size, proof, root }); // true
 */
export const verifyInclusion = (claim: InclusionClaim): boolean =>
  typeof claim.eventHash === 'string' &&
  includesLeaf(leafHash(entryOf(claim.eventHash)), claim.index, claim.size, claim.proof, claim.root);

/**
 * `verifyInclusion` for a leaf given by its leaf hash (RFC 6962's
 * SHA-256(0x00 ‖ entry)) rather than by its event's hash.
 *
 * @example
 * includesLeaf(leafHash(entryOf(event.hash)), index, size, proof, root); // as verifyInclusion({ eventHash: event.hash, … })
 */
export const includesLeaf = (
  leaf: Uint8Array,
  index: number,
  size: number,
  proofHashes: readonly MerkleHash[],
  rootHash: MerkleHash,
): boolean => {
  const proof = proofBytes(proofHashes);
  const root = hashBytes(rootHash);
  if (proof === undefined || root === undefined || leaf.length !== 32) return false;
  if (!isSize(index) || !isSize(size) || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
};

/**
 * Check a consistency proof without the log (RFC 9162 §2.1.4.2): true only when
 * the newer tree holds the older one's leaves unchanged, in the same order. A
 * tree is consistent with itself (same size, same root, empty proof) and every
 * tree with the empty one (size 0 with the empty root, empty proof).
 *
 * @example
 * const proof = await store.merkle!.consistencyProof(trusted.size, latest.size);
 * verifyConsistency({ oldSize: trusted.size, oldRoot: trusted.root, newSize: latest.size, newRoot: latest.root, proof }); // true
 */
export const verifyConsistency = (claim: ConsistencyClaim): boolean => {
  const { oldSize, newSize } = claim;
  const path = proofBytes(claim.proof);
  const first = hashBytes(claim.oldRoot);
  const second = hashBytes(claim.newRoot);
  if (path === undefined || first === undefined || second === undefined) return false;
  if (!isSize(oldSize) || !isSize(newSize) || oldSize > newSize) return false;
  if (oldSize === 0) return path.length === 0 && claim.oldRoot === EMPTY_ROOT;
  if (oldSize === newSize) return path.length === 0 && first.equals(second);
  if (path.length === 0) return false;
  // A first tree that is a complete subtree of the second is the proof's implicit first hash.
  if (isPowerOfTwo(oldSize)) path.unshift(first);
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Buffer;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(first) && sr.equals(second);
};

/** Exact for any safe integer (bit operators would cut it to 32 bits). */
const isPowerOfTwo = (n: number): boolean => {
  let k = n;
  while (k > 1 && k % 2 === 0) k /= 2;
  return k === 1;
};
