import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
// A block is written flush left; in the test file it sits inside a describe.
const flushLeft = (text: string) => text.replace(/^ +/gm, '');

test('every TypeScript block of docs/property-testing.md is code from this example', () => {
  const doc = read('../../../docs/property-testing.md');
  const sources = ['./policy.ts', './invariants.ts', './policy.test.ts', './rules.ts', './rules.test.ts']
    .map(read)
    .join('\n');
  const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => (m[1] as string).trimEnd());
  expect(blocks.length).toBeGreaterThanOrEqual(4);
  for (const block of blocks) expect(flushLeft(sources), block.slice(0, 60)).toContain(flushLeft(block));
});
