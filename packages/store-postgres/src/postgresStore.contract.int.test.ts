import { testEventStore } from '@redress/testing';
import { afterAll } from 'vitest';
import { postgresStore } from './postgresStore';
import { describePg, dropSchema, testPool, uniqueSchema } from './testing/pgTest';

describePg('postgresStore contract', () => {
  const pool = testPool(6);
  afterAll(() => pool.end());

  // A fresh schema per test: the suite expects an empty store each time.
  testEventStore('postgres', async () => {
    const schema = uniqueSchema('contract');
    return { store: postgresStore({ pool, schema }), cleanup: () => dropSchema(pool, schema) };
  });
});
