import { expectContentionAbsorbed } from '@redress/testing';
import { afterAll, test } from 'vitest';
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
    await expectContentionAbsorbed(Array.from({ length: 50 }, () => postgresStore({ pool, schema })));
  }, 120_000);
});
