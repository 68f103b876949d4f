import { splitPoint } from './subtrees';

/**
 * Leaves [start, end) of the tree: what one hash of a proof covers.
 *
 * @example
 * const range: LeafRange = [4, 6];
 */
export type LeafRange = readonly [start: number, end: number];

/**
 * The ranges whose hashes make the inclusion proof of leaf `index` in a tree of
 * `size` leaves, in proof order (the leaf's sibling first): RFC 9162 §2.1.3.1,
 * PATH(m, D[n]). Expects 0 ≤ index < size.
 *
 * @example
 * inclusionRanges(2, 5); // [[3, 4], [0, 2], [4, 5]]
 */
export const inclusionRanges = (index: number, size: number): LeafRange[] => {
  const topDown: LeafRange[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = start + splitPoint(end - start);
    if (index < k) {
      topDown.push([k, end]);
      end = k;
    } else {
      topDown.push([start, k]);
      start = k;
    }
  }
  return topDown.reverse();
};

/**
 * The ranges whose hashes make the consistency proof from a tree of `m` leaves
 * to one of `n`, in proof order: RFC 9162 §2.1.4.1, SUBPROOF(m, D[n], true).
 * Empty when m is 0 or m equals n (nothing to prove). Expects 0 ≤ m ≤ n.
 *
 * @example
 * consistencyRanges(3, 7); // [[2, 3], [3, 4], [0, 2], [4, 7]]
 */
export const consistencyRanges = (m: number, n: number): LeafRange[] => {
  if (m === 0 || m === n) return [];
  const topDown: LeafRange[] = [];
  let start = 0;
  let end = n;
  // Whether the old tree's root is the range itself, so the verifier has it already.
  let whole = true;
  for (;;) {
    if (m === end) {
      if (!whole) topDown.push([start, end]);
      break;
    }
    const k = start + splitPoint(end - start);
    if (m <= k) {
      topDown.push([k, end]);
      end = k;
    } else {
      topDown.push([start, k]);
      start = k;
      whole = false;
    }
  }
  return topDown.reverse();
};
