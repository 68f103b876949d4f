import { expectContentionAbsorbed } from '@redress/testing';
import { afterEach, test } from 'vitest';
import { sqliteStore } from '../sqliteStore';
import { tempFiles } from './tempFile';

const file = tempFiles();
const open: ReturnType<typeof sqliteStore>[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});

test('50 engines, each with its own connection to one file, × 20 notes: no CONFLICT reaches a caller', async () => {
  const path = file();
  const stores = Array.from({ length: 50 }, () => sqliteStore({ path }));
  open.push(...stores);
  await expectContentionAbsorbed(stores);
}, 120_000);
