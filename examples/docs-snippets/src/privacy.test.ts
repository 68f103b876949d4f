import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '@redress/core';
import { sqliteStore } from '@redress/store-sqlite';
import { expect, test } from 'vitest';
import { runProgram, workDir } from './program.testkit';

test('docs/privacy.md: encrypted on SQLite, found by the blind index, erased, verified without a key', async () => {
  const dir = workDir();
  const env = { REDRESS_INDEX_KEY: randomBytes(32).toString('hex') };
  const first = await runProgram('privacy', dir, env);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  expect(first.stdout).toBe('$enc,ct,iv,kid\n王芳\ntrue received\ntrue\n[]\nerased\n');
  // A second run of the same person: the first complaint was erased, so the index finds nothing.
  const second = await runProgram('privacy', dir, env);
  expect(second.stdout).toContain('erased');
  for (const file of ['complaints.db', 'complaints.db-wal']) {
    const bytes = (() => {
      try {
        return readFileSync(join(dir, file));
      } catch {
        return Buffer.alloc(0);
      }
    })();
    for (const value of ['王芳', 'wang.fang@example.com', '138-0000-0000', 'Kettle leaks'])
      expect(bytes.includes(Buffer.from(value, 'utf8')), `${value} in ${file}`).toBe(false);
  }
  const store = sqliteStore({ path: join(dir, 'complaints.db') });
  const keyless = createEngine({ store, privacy: 'plaintext' });
  const ids = new Set<string>();
  for await (const e of store.readAll()) ids.add(e.streamId);
  for (const id of ids) expect(await keyless.verify(id)).toMatchObject({ ok: true });
  await store.close();
});
