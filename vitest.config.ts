import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// Tests run against the TypeScript sources of every workspace package, not dist/:
// each package's main entry, and core's store-kit and machine subpaths.
const alias = [
  { find: /^@redress\/core\/store-kit$/, replacement: `${root}packages/core/src/storeKit.ts` },
  { find: /^@redress\/core\/machine$/, replacement: `${root}packages/core/src/machineEntry.ts` },
  { find: /^@redress\/([a-z-]+)$/, replacement: `${root}packages/$1/src/index.ts` },
];

const packages = readdirSync(new URL('./packages', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

// Files named `*.long.test.ts` (soaks, kill loops, many processes) stay out of `pnpm test`, which must stay
// quick; `pnpm test:long` runs them with REDRESS_LONG=1.
const long = process.env.REDRESS_LONG === '1';
// `pnpm test:unit` (REDRESS_LAYER=unit): the files that are neither property nor integration tests.
const layer = process.env.REDRESS_LAYER === 'unit' ? ['**/*.prop.test.ts', '**/*.int.test.ts'] : [];

export default defineConfig({
  resolve: { alias },
  test: {
    exclude: [...configDefaults.exclude, ...(long ? [] : ['**/*.long.test.ts']), ...layer],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Files share a worker's module cache (no isolation): each file loading the packages afresh cost more
    // than its tests (core: 163 s with isolation, 33 s without). Tests must not lean on module state.
    isolate: false,
    // Two test files at a time even on two cores (vitest's default is one fewer than the cores): many
    // files wait on child processes, servers or PostgreSQL, so a second one keeps the machine busy.
    maxWorkers: 2,
    projects: [
      ...packages.map((name) => ({
        extends: true as const,
        test: {
          name,
          include: [`packages/${name}/src/**/*.test.ts`, `packages/${name}/test/**/*.test.ts`],
          // The CLI's tests run `redress` as processes: bundle it once, not transpile it in each.
          ...(name === 'cli' ? { globalSetup: ['packages/cli/test/support/cliBundle.ts'] } : {}),
        },
      })),
      {
        extends: true as const,
        test: { name: 'examples', include: ['examples/*/src/**/*.test.ts', 'examples/*/test/**/*.test.ts'] },
      },
      { extends: true as const, test: { name: 'scenarios', include: ['test/**/*.test.ts'] } },
    ],
  },
});
