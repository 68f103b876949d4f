import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * The `redress` command the CLI's tests run as child processes: its TypeScript
 * sources, and those of the workspace packages it uses, bundled once per test
 * run. Started through tsx, each process would transpile and load some three
 * hundred files (seconds of CPU apiece, for hundreds of runs); the bundle starts
 * in a fraction of that. The drivers with native parts stay outside, loaded
 * from node_modules as in an install.
 */
export const CLI_BUNDLE_DIR = fileURLToPath(new URL('../../node_modules/.cache/redress-test-bin/', import.meta.url));
export const CLI_BUNDLE = `${CLI_BUNDLE_DIR}redress.js`;

/** Vitest global setup of the cli project: build the bundle before its tests start. */
export default async function setup(): Promise<void> {
  mkdirSync(CLI_BUNDLE_DIR, { recursive: true });
  // ES modules, with `verifyThread.js` and `writerThread.js` beside `redress.js`, where their threads are looked for.
  writeFileSync(`${CLI_BUNDLE_DIR}package.json`, '{ "type": "module" }\n');
  const src = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));
  await build({
    entryPoints: {
      redress: src('bin.ts'),
      verifyThread: src('verify/verifyThread.ts'),
      // The SQLite store's writer thread, which it too looks for beside the module that starts it.
      writerThread: fileURLToPath(new URL('../../../store-sqlite/src/writer/writerThread.ts', import.meta.url)),
    },
    outdir: CLI_BUNDLE_DIR,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@redress/source'],
    external: ['better-sqlite3', 'pg', 'pg-native'],
    // Bundled CommonJS dependencies call require(); give the ES module bundle one.
    banner: {
      js: "import { createRequire as __redressRequire } from 'node:module'; const require = __redressRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
}
