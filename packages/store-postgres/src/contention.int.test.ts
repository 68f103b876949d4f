import { collect, contend } from '@redress/testing';
import { verifyEvents } from '@redress/core';
import { afterAll, expect, test } from 'vitest';
import { postgresStore } from './postgresStore';
import { describePg, dropSchema, testPool, uniqueSchema } from './testing/pgTest';

describePg('fifty writers on one complaint, engine defaults', () => {
  const schema = uniqueSchema('contention');
  const pool = testPool(10);
  afterAll(async () => {
    await dropSchema(pool, schema);
    await pool.end();
  });

  test('50 engines × 20 notes: every note lands, no CONFLICT reaches a caller, the stream is whole', async () => {
    // One store per engine: each engine has its own lock and cache, as separate app instances do.
    const stores = Array.from({ length: 50 }, () => postgresStore({ pool, schema }));
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
});
