/**
 * `pnpm bench [filter]`: runs every bench/*.bench.ts (or those whose file name
 * contains `filter`), prints one JSON line per figure and writes the same lines to
 * bench/results.ndjson.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { reporter, type Report } from './report';

const dir = fileURLToPath(new URL('.', import.meta.url));
const out = `${dir}results.ndjson`;
const filter = process.argv[2];
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (filter === undefined || f.includes(filter)))
  .sort();

writeFileSync(out, '');
const report = reporter(out);
for (const file of files) {
  const mod = (await import(`./${file}`)) as { default: (report: Report) => Promise<void> };
  await mod.default(report);
}
