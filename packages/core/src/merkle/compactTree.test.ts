import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { expect } from 'vitest';
import { isRedressError } from '../errors/redressError';
import { compactTree } from './compactTree';
import { merkleRootOf } from './memoryTree';
import { EMPTY_ROOT } from './treeHash';

const hex = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));

test.prop([fc.array(hex, { maxLength: 70 }), fc.nat()], { numRuns: 60 })(
  'the compact tree’s root at any size is the RFC 6962 root of that many leaves',
  async (hashes, at) => {
    const tree = compactTree();
    for (const h of hashes) tree.add(h);
    const size = hashes.length === 0 ? 0 : at % (hashes.length + 1);
    expect(tree.root(size)).toBe(await merkleRootOf(hashes.slice(0, size)));
    expect(tree.size).toBe(hashes.length);
  },
);

test.prop([fc.array(hex, { minLength: 1, maxLength: 10 })], { numRuns: 10 })(
  'a size past the leaves added is refused with VALIDATION',
  (hashes) => {
    const tree = compactTree();
    for (const h of hashes) tree.add(h);
    expect(tree.root(0)).toBe(EMPTY_ROOT);
    let error: unknown;
    try {
      tree.root(hashes.length + 1);
    } catch (e) {
      error = e;
    }
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
  },
);
