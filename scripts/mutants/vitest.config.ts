/**
 * The vitest configuration of one mutant run: the repository's resolution and
 * timeouts, no projects, and a plugin that changes one source file as vitest
 * loads it. The file on disk is never touched, so an interrupted run leaves
 * nothing to restore.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import type { Vite } from 'vitest/node';
import repository from '../../vitest.config';
import { MUTANT_ENV, type MutantEnv } from './mutantEnv';

const mutant = (m: MutantEnv): Vite.Plugin => ({
  name: 'redress-mutant',
  enforce: 'pre',
  transform(code, id) {
    if (id.split('?')[0] !== m.file) return null;
    const at = code.indexOf(m.search);
    if (at === -1 || code.indexOf(m.search, at + 1) !== -1) {
      throw new Error(`mutant: the text to replace is not found exactly once in ${m.file} as vitest loads it`);
    }
    writeFileSync(m.marker, 'applied\n');
    return { code: code.slice(0, at) + m.replace + code.slice(at + m.search.length), map: null };
  },
});

const raw = process.env[MUTANT_ENV];
const root = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root,
  resolve: repository.resolve ?? {},
  plugins: raw === undefined ? [] : [mutant(JSON.parse(raw) as MutantEnv)],
  test: {
    testTimeout: repository.test?.testTimeout ?? 60_000,
    hookTimeout: repository.test?.hookTimeout ?? 60_000,
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'examples/*/src/**/*.test.ts',
      'test/**/*.test.ts',
    ],
  },
});
