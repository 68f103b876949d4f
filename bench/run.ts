/**
 * `pnpm bench [filter]`: runs every bench/*.bench.ts (or those whose file name
 * contains `filter`), each in a fresh process of its own, prints one JSON line per
 * figure and writes the same lines to bench/results.ndjson.
 *
 * A process per file, because a file's figures otherwise depend on what ran before
 * it: `replay.sqlite` read 0.80 of the raw read in one run after all the other
 * files, and 0.84 to 0.87 alone (forcing a garbage collection in between did not
 * explain it). Each file still measures ours and its baseline in one process.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { reporter, type Report } from './report';

const dir = fileURLToPath(new URL('.', import.meta.url));
const out = `${dir}results.ndjson`;
/** Set in the process that runs one file. */
const ONE = 'REDRESS_BENCH_FILE';
const one = process.env[ONE];

if (one !== undefined) {
  const mod = (await import(`./${one}`)) as { default: (report: Report) => Promise<void> };
  await mod.default(reporter(out));
} else {
  const filter = process.argv[2];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts') && (filter === undefined || f.includes(filter)))
    .sort();
  writeFileSync(out, '');
  for (const file of files) {
    // The same node and loader flags (tsx, the source condition) as this process.
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, [ONE]: file },
      stdio: 'inherit',
    });
    if (child.status !== 0) throw new Error(`bench/${file} failed (exit ${child.status ?? child.signal})`);
  }
}
