import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { isRedressError, secretKek, subjectKeys } from '@redress/core';
import { sqliteKeyStore } from '@redress/store-sqlite';
import { expect, test } from 'vitest';
import { runProgram, workDir } from './program.testkit';

test('docs/privacy.md: a key re-wrapped from the old key-encryption key to the new one reads with the new one only', async () => {
  const dir = workDir();
  const [oldSecret, newSecret] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
  const run = await runProgram('privacyRotation', dir, { REDRESS_OLD_KEK: oldSecret, REDRESS_KEK: newSecret });
  expect(run.stderr).toBe('');
  expect(run.stdout).toBe('true 1\n王芳\n');
  const keyStore = sqliteKeyStore({ path: join(dir, 'complaints.keys.db') });
  const listed = (await keyStore.list?.({ limit: 10 })) ?? [];
  expect(listed.map((l) => l.record.kekId)).toEqual([secretKek(newSecret).id]);
  const old = subjectKeys({ store: keyStore, kek: secretKek(oldSecret) });
  const refused = await old.get((listed[0] as { subjectId: string }).subjectId).catch((e: unknown) => e);
  expect(isRedressError(refused, 'VALIDATION')).toBe(true);
  await keyStore.close();
});
