import type { Subtree } from '@redress/core';

/** Set bits of a whole number up to 2^53 (bit operators would cut it to 32 bits). */
const popcount = (n: number): number => {
  let count = 0;
  for (let k = n; k > 0; k = Math.floor(k / 2)) count += k % 2;
  return count;
};

/**
 * Complete subtrees (leaves included) in a tree of `size` leaves: 2·size − popcount(size).
 *
 * @example
 * subtreeCount(4); // 7: four leaves, two pairs, one of four
 */
export const subtreeCount = (size: number): number => 2 * size - popcount(size);

/**
 * Where subtree (level, idx) comes in the order a growing tree completes its
 * subtrees: the leaf of size s − 1 comes after every subtree of the first s − 1
 * leaves, and the subtrees it completes follow it level by level. Rows keyed by
 * this are only ever added at the end of the table, so an append writes one
 * page of the tree, not one for each level.
 *
 * @example
 * completionOrder({ level: 0, index: 3 }); // 4
 * completionOrder({ level: 2, index: 0 }); // 6: leaf 3, then pair 1, then the four
 */
export const completionOrder = ({ level, index }: Subtree): number => subtreeCount((index + 1) * 2 ** level - 1) + level;

/**
 * The size of a tree whose complete subtrees fill the first `count` places of
 * the completion order (the largest size with at most that many subtrees).
 *
 * @example
 * sizeOfCount(7); // 4
 */
export const sizeOfCount = (count: number): number => {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (subtreeCount(mid) <= count) lo = mid;
    else hi = mid - 1;
  }
  return lo;
};
