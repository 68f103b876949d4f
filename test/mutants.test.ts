import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { mutants } from '../scripts/mutants/mutants';

// `pnpm mutants` runs in the long runs; that its one-line bugs still fit the code is checked here, at
// once, so a change that rewrites a mutated line says so in `pnpm test`.
test.each(mutants.map((m) => [m.name, m] as const))('mutant "%s" still names its line exactly once', (_, m) => {
  const code = readFileSync(new URL(`../${m.file}`, import.meta.url), 'utf8');
  expect(code.split(m.search).length - 1).toBe(1);
});
