import { fc, test } from '@fast-check/vitest';
import { EVENT_TYPES, isRedressError } from '@redress/core';
import { collect, testEvents, uniqueStreamId, notWholeNumberIn, refusalOf } from '@redress/testing';
import pg from 'pg';
import { expect } from 'vitest';
import { postgresStore, type PostgresStoreOptions } from './postgresStore';
import { describePg, PG_URL, testSchemas } from './testing/pgTest';

describePg('postgresStore checks its options when it is made', () => {
  const { pool, fresh } = testSchemas();

  const schemaExists = async (schema: string) =>
    (await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount === 1;

  /** postgresStore(options) with a fresh schema: refused at once with VALIDATION naming `option`, and the schema is never created. */
  const refusedWithNothingMade = async (option: string, options: Record<string, unknown>): Promise<Error> => {
    const schema = fresh('opt');
    const error = refusalOf(() =>
      postgresStore({ connectionString: PG_URL, schema, ...options } as unknown as PostgresStoreOptions),
    );
    expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
    expect(error.message).toContain(option);
    expect(await schemaExists(schema)).toBe(false);
    return error;
  };

  test.prop([notWholeNumberIn(1, 100_000)], { numRuns: 40 })(
    'any pageSize that is not a whole number from 1 to 100,000 is refused with VALIDATION, and nothing is made',
    async (pageSize) => {
      const error = await refusedWithNothingMade('pageSize', { pageSize });
      expect(error.message).toContain('from 1 to 100,000');
    },
  );

  test.prop([notWholeNumberIn(0, 3_600_000)], { numRuns: 40 })(
    'any readAllWaitMs that is not a whole number from 0 to 3,600,000 is refused with VALIDATION, and nothing is made',
    async (readAllWaitMs) => {
      const error = await refusedWithNothingMade('readAllWaitMs', { readAllWaitMs });
      expect(error.message).toContain('from 0 to 3,600,000');
    },
  );

  test.prop([notWholeNumberIn(1, 1000)], { numRuns: 40 })(
    'any maxConnections that is not a whole number from 1 to 1,000 is refused with VALIDATION, and nothing is made',
    async (maxConnections) => {
      const error = await refusedWithNothingMade('maxConnections', { maxConnections });
      expect(error.message).toContain('from 1 to 1,000');
    },
  );

  test('the values reported broken are among them: pageSize 0 no longer hangs the first command, -1 is not a database error', async () => {
    for (const pageSize of [0, -1]) {
      expect((await refusedWithNothingMade('pageSize', { pageSize })).message).toContain(
        `pageSize must be a whole number from 1 to 100,000, got ${pageSize}`,
      );
    }
  });

  test.prop([fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 9 })], { numRuns: 10 })(
    'any pageSize in range reads every event back in order, however many pages that takes',
    async (pageSize, count) => {
      // readAll hands out only events every older transaction of the database has finished with; other
      // test files run beside this one, so it must be allowed to wait for theirs (the default wait).
      const store = postgresStore({ pool, schema: fresh('page'), pageSize });
      const id = uniqueStreamId();
      await store.append(id, testEvents(id, count), { expectedVersion: 0 });
      expect((await collect(store.readStream(id))).map((e) => e.version)).toEqual(
        Array.from({ length: count }, (_, i) => i + 1),
      );
      expect(await collect(store.readAll())).toHaveLength(count);
    },
  );

  test('the ends of the ranges are accepted', async () => {
    for (const options of [
      { pageSize: 1 },
      { pageSize: 100_000 },
      { readAllWaitMs: 0 },
      { readAllWaitMs: 3_600_000 },
      { maxConnections: 1 },
      { maxConnections: 1000 },
    ]) {
      const store = postgresStore({ connectionString: PG_URL, schema: fresh('ends'), ...options });
      const id = uniqueStreamId();
      await store.append(id, testEvents(id, 2), { expectedVersion: 0 });
      expect(await collect(store.readStream(id))).toHaveLength(2);
      await store.close?.();
    }
  });

  test.prop([fc.constantFrom<unknown>('false', 'no', 0, 1, null, {}, [])])(
    'a createSchema that is not true or false is refused with VALIDATION, and no schema is made',
    async (createSchema) => {
      await refusedWithNothingMade('createSchema', { createSchema });
    },
  );

  test('maxConnections with a pool of your own is refused: it would size nothing', () => {
    const error = refusalOf(() => postgresStore({ pool, schema: fresh('max'), maxConnections: 5 }));
    expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
    expect(error.message).toContain('maxConnections');
  });

  test.prop([fc.constantFrom<unknown>(null, 'postgres://x', 42, {}, { query: () => {} }, [], () => {})])(
    'a pool that is not a pg.Pool is refused with VALIDATION naming pool, and no schema is made',
    async (notAPool) => {
      const schema = fresh('pool');
      const error = refusalOf(() => postgresStore({ pool: notAPool, schema } as unknown as PostgresStoreOptions));
      expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
      expect(error.message).toContain('pool');
      expect(await schemaExists(schema)).toBe(false);
    },
  );

  test('a pg.Client is refused as a pool', async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    const error = refusalOf(() => postgresStore({ pool: client as unknown as pg.Pool, schema: fresh('client') }));
    expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
    expect(error.message).toContain('pg.Client');
  });

  test.prop([fc.constantFrom<unknown>('', '   ', 42, {}, null, ['postgres://x'])])(
    'a connectionString that is empty or not a string is refused with VALIDATION naming it (an empty one would connect to the default server)',
    async (connectionString) => {
      const schema = fresh('cs');
      const error = refusalOf(() => postgresStore({ connectionString, schema } as unknown as PostgresStoreOptions));
      expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
      expect(error.message).toContain('connectionString');
      expect(await schemaExists(schema)).toBe(false);
    },
  );

  test('a connection string never shows up in a message', () => {
    const error = refusalOf(() =>
      postgresStore({ connectionString: 'postgres://app:s3cret@db/x', schema: fresh('secret'), pageSize: 0 }),
    );
    expect(error.message).not.toContain('s3cret');
  });

  test('no options at all is refused with VALIDATION showing the call to make', () => {
    for (const options of [undefined, null, PG_URL]) {
      const error = refusalOf(() => postgresStore(options as unknown as PostgresStoreOptions));
      expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
      expect(error.message).toContain('postgresStore({');
    }
  });

  const [type] = EVENT_TYPES;
  // Every wrong shape of upcasters is core's optionChecks' property test; this shows the store runs it first.
  test('upcasters for an event type that does not exist are refused with VALIDATION naming upcasters, and nothing is made', async () => {
    await refusedWithNothingMade('upcasters', { upcasters: { NoSuchEvent: { 1: (data: unknown) => data } } });
  });

  test('a pool, a connection string and upcasters of the right shape are accepted', async () => {
    for (const options of [
      { pool },
      { connectionString: PG_URL },
      { pool, upcasters: { [type as string]: { 1: (data: unknown) => data } } },
    ]) {
      const store = postgresStore({ schema: fresh('ok'), createSchema: true, ...options });
      const id = uniqueStreamId();
      await store.append(id, testEvents(id, 1), { expectedVersion: 0 });
      await store.close?.();
    }
  });
});
