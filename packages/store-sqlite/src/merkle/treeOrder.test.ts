import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { extendTree, leafHash } from '@redress/core';
import { expect } from 'vitest';
import { completionOrder, sizeOfCount, subtreeCount } from './treeOrder';

test.prop([fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 40 })])(
  'the subtrees an append adds come at the very next places of the completion order, one after another',
  (size, count) => {
    const leaves = Array.from({ length: count }, (_, i) => leafHash(Buffer.from([i])));
    const added = extendTree(size, leaves, () => Buffer.alloc(32));
    expect(added.map(completionOrder)).toEqual(added.map((_, i) => subtreeCount(size) + i));
    expect(subtreeCount(size + count)).toBe(subtreeCount(size) + added.length);
  },
);

test.prop([fc.integer({ min: 0, max: 2 ** 40 })])('the size comes back from the count of its subtrees, even for large trees', (size) => {
  expect(sizeOfCount(subtreeCount(size))).toBe(size);
  if (size > 0) expect(sizeOfCount(subtreeCount(size) - 1)).toBe(size - 1);
});
