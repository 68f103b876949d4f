import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT } from '../src/cli/exitCodes';
import { editRows, storedBodies, tempDir } from './support/files';
import { sqliteWithComplaints } from './support/manyComplaints';
import type { CliRun } from './support/runCli';

const pkg = fileURLToPath(new URL('..', import.meta.url));
// Inside the package, so the build finds its dependencies as an install would; a path
// with a space, `#` and `%` in it, which a file URL must encode.
const home = join(pkg, 'node_modules', '.cache', `built cli #${process.pid} %41`);
const dist = join(home, 'dist');

const run = (args: readonly string[], cwd = pkg): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, REDRESS_STORE: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });

let warnings: string[];
let db: string;

beforeAll(async () => {
  mkdirSync(home, { recursive: true });
  const built = await run(['--import', 'tsx', join(pkg, 'test/support/buildCli.ts'), dist]);
  expect(built.code, built.stderr).toBe(0);
  warnings = (JSON.parse(built.stdout.trim().split('\n').at(-1) ?? '') as { warnings: string[] }).warnings;
  db = await sqliteWithComplaints(tempDir(), 40);
  const changed = storedBodies(db, 'C-07')[2];
  const broken = storedBodies(db, 'C-31')[4];
  editRows(db, (d) => {
    d.prepare(
      'UPDATE events SET body = replace(body, \'"version":3\', \'"version":3,"note":"added"\') WHERE position = ?',
    ).run(changed?.position);
    d.prepare("UPDATE events SET body = '{' WHERE position = ?").run(broken?.position);
  });
}, 120_000);

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('the built CLI, as installed in a folder whose path has a space, # and %', () => {
  test('builds without warnings', () => {
    expect(warnings).toEqual([]);
  });

  test('verifies on threads from the CommonJS and the ES module build, finding what one thread finds', async () => {
    const one = await run([join(dist, 'bin.js'), 'verify', '--store', db, '--workers', '1', '--json']);
    expect(one.code, one.stderr).toBe(EXIT.verifyFailed);
    const report = JSON.parse(one.stdout) as { complaints: number; failures: { streamId: string; version: number }[] };
    expect(report.complaints).toBe(40);
    expect(report.failures.map((f) => `${f.streamId} v${f.version}`)).toEqual(['C-07 v3', 'C-31 v5']);
    // The CommonJS entry as a script would require it, and both bins.
    const viaRequire = `require(${JSON.stringify(join(dist, 'index.cjs'))}).main(['verify', '--store', ${JSON.stringify(db)}, '--workers', '3', '--json']).then((code) => { process.exitCode = code; });`;
    const runs = await Promise.all([
      run([join(dist, 'bin.cjs'), 'verify', '--store', db, '--workers', '3', '--json']),
      run([join(dist, 'bin.js'), 'verify', '--store', db, '--workers', '3', '--json']),
      run(['-e', viaRequire], tempDir()),
    ]);
    for (const r of runs) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(EXIT.verifyFailed);
      expect(JSON.parse(r.stdout)).toEqual(report);
    }
  }, 120_000);
});
