import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { EXIT } from '../src/cli/exitCodes';
import { lines, seededSqlite, tempDir, writeLines } from './support/files';
import { runCli } from './support/runCli';

let dir: string;
let db: string;
let exported: string;

const hashes = (path: string) =>
  lines(path).map((l) => JSON.parse(l) as { streamId: string; version: number; hash: string });

beforeAll(async () => {
  dir = tempDir();
  db = await seededSqlite(dir);
  exported = join(dir, 'log.ndjson');
  const r = await runCli(['export', '--out', exported, '--store', db]);
  expect(r.code).toBe(EXIT.ok);
});

describe('redress export and import', () => {
  test('export → import into a new SQLite file → verify: same events, same hashes', async () => {
    const copy = join(dir, 'copy.db');
    const imported = await runCli(['import', exported, '--store', copy, '--json']);
    expect(imported.code).toBe(EXIT.ok);
    expect(JSON.parse(imported.stdout)).toMatchObject({ complaints: 3, events: lines(exported).length });
    expect((await runCli(['verify', '--store', copy])).code).toBe(EXIT.ok);
    const again = join(dir, 'again.ndjson');
    expect((await runCli(['export', '--out', again, '--store', copy])).code).toBe(EXIT.ok);
    const strip = (h: ReturnType<typeof hashes>) =>
      h.map(({ streamId, version, hash }) => `${streamId} ${version} ${hash}`);
    expect(strip(hashes(again))).toEqual(strip(hashes(exported)));
  });

  test('an export verifies on its own, and export to stdout writes the same lines', async () => {
    expect((await runCli(['verify', '--store', exported])).code).toBe(EXIT.ok);
    const out = await runCli(['export', '--store', db]);
    expect(out.stdout.trimEnd().split('\n')).toEqual(lines(exported));
  });

  test('a tampered line stops the import before anything is written, naming the line', async () => {
    const tampered = join(dir, 'tampered.ndjson');
    const ls = lines(exported);
    const n = ls.findIndex((l) => l.includes('Faulty seal'));
    writeLines(
      tampered,
      ls.map((l, i) => (i === n ? l.replace('Faulty seal', 'Nothing wrong') : l)),
    );
    const target = join(dir, 'tampered.db');
    const r = await runCli(['import', tampered, '--store', target]);
    expect(r.code).toBe(EXIT.tampered);
    expect(r.stderr).toContain(`line ${n + 1}`);
    expect(r.stderr).toContain('nothing was imported');
    const left = await runCli(['export', '--store', target]);
    expect(left.stdout).toBe('');
    const verify = await runCli(['verify', '--store', tampered]);
    expect(verify.code).toBe(EXIT.verifyFailed);
    expect(verify.stdout).toContain(`line ${n + 1})`);
  });

  test('a line that is not JSON is a clear error with its number', async () => {
    const corrupt = join(dir, 'corrupt.ndjson');
    const ls = lines(exported);
    writeLines(corrupt, [...ls.slice(0, 4), '{"streamId": "C-1", "vers', ...ls.slice(4)]);
    const r = await runCli(['import', corrupt, '--store', join(dir, 'corrupt.db')]);
    expect(r.code).toBe(EXIT.tampered);
    expect(r.stderr).toContain('line 5');
    expect(r.stderr).toContain('not valid JSON');
  });

  test('importing into a store that already holds the complaints is refused and writes nothing', async () => {
    const r = await runCli(['import', exported, '--store', db]);
    expect(r.code).toBe(EXIT.refused);
    expect(r.stderr).toContain('already holds complaint C-1');
    const missing = await runCli(['import', join(dir, 'none.ndjson'), '--store', join(dir, 'x.db')]);
    expect(missing.code).toBe(EXIT.unavailable);
  });

  test('an export that fails leaves no partial file behind', async () => {
    const out = join(dir, 'never.ndjson');
    const r = await runCli(['export', '--out', out, '--store', join(dir, 'absent.db')]);
    expect(r.code).toBe(EXIT.unavailable);
    expect(existsSync(out)).toBe(false);
  });
});
