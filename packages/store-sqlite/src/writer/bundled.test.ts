import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect, onTestFinished, test } from 'vitest';
import { tempFiles } from '../test/tempFile';

const file = tempFiles();
const esbuild = createRequire(createRequire(import.meta.url).resolve('tsup'))('esbuild') as {
  build: (o: object) => Promise<unknown>;
};

test('a bundle that left the writer thread file out commits inline, and says so once', async () => {
  const path = file();
  // The bundle where better-sqlite3 resolves, as an application's would.
  const cache = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'bundle-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const entry = join(dir, 'app.ts');
  writeFileSync(
    entry,
    `import { sqliteStore } from ${JSON.stringify(fileURLToPath(new URL('../index.ts', import.meta.url)))};
import { testEvents } from ${JSON.stringify(fileURLToPath(new URL('../../../testing/src/index.ts', import.meta.url)))};
const store = sqliteStore({ path: process.argv[2] });
const again = sqliteStore({ path: process.argv[2] });
await store.append('C-1', testEvents('C-1', 2), { expectedVersion: 0 });
console.log(store.writer, again.writer);
await store.close();
await again.close();
`,
  );
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: join(dir, 'app.mjs'),
    conditions: ['@redress/source'],
    external: ['better-sqlite3', 'vitest', '@fast-check/vitest', 'fast-check'],
    logLevel: 'silent',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const run = spawnSync(process.execPath, [join(dir, 'app.mjs'), path], {
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout.trim()).toBe('inline inline');
  expect(run.stderr.match(/REDRESS_NO_WRITER_THREAD/g)).toHaveLength(1);
  expect(run.stderr).toContain("writer thread's file");
  const db = new Database(path, { readonly: true });
  expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(2);
  db.close();
});
