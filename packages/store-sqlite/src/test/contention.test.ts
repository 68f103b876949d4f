import { collect, contend } from '@redress/testing';
import { verifyEvents } from '@redress/core';
import { afterEach, expect, test } from 'vitest';
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
  const result = await contend({
    writers: 50,
    notes: 20,
    storeFor: (i) => stores[i] as (typeof stores)[number],
    engineOptions: { privacy: 'plaintext' },
  });
  expect(result.failures).toEqual({});
  expect(result.landed).toBe(1000);
  const stream = await collect((stores[0] as (typeof stores)[number]).readStream('C-contended'));
  expect(stream.filter((e) => e.type === 'NoteAdded')).toHaveLength(1000);
  expect(stream.map((e) => e.version)).toEqual(stream.map((_, i) => i + 1));
  expect(await verifyEvents(stream)).toMatchObject({ ok: true });
}, 120_000);
