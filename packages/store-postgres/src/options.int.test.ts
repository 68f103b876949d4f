import { fc, test } from '@fast-check/vitest';
import { EVENT_TYPES, isRedressError } from '@redress/core';
import { collect, testEvents, uniqueStreamId } from '@redress/testing';
import pg from 'pg';
import { afterAll, expect } from 'vitest';
import { postgresStore, type PostgresStoreOptions } from './postgresStore';
import { describePg, dropSchema, PG_URL, testPool, uniqueSchema } from './testing/pgTest';

const refusal = (work: () => unknown): Error & { code?: string } => {
  let store: unknown;
  try {
    store = work();
  } catch (error) {
    return error as Error & { code?: string };
  }
  void (store as { close?: () => Promise<void> } | undefined)?.close?.();
  throw new Error('expected postgresStore to refuse these options');
};

/** Anything that is not a whole number from `min` to `max`. */
const notWholeIn = (min: number, max: number) =>
  fc.oneof(
    fc.integer({ max: min - 1 }),
    fc.integer({ min: max + 1 }),
    fc.double({ noNaN: true }).filter((n) => !Number.isInteger(n)),
    fc.constantFrom<unknown>(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2, null, true, '1', '1000', 'x', ''),
    fc.string(),
    fc.bigInt({ min: BigInt(min), max: BigInt(max) }),
    fc.array(fc.integer({ min, max }), { minLength: 1, maxLength: 1 }),
    fc.object(),
  );

describePg('postgresStore checks its options when it is made', () => {
  const pool = testPool(3);
  const used: string[] = [];
  const fresh = (tag: string) => {
    const schema = uniqueSchema(tag);
    used.push(schema);
    return schema;
  };
  afterAll(async () => {
    for (const schema of used) await dropSchema(pool, schema);
    await pool.end();
  });

  const schemaExists = async (schema: string) =>
    (await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount === 1;

  /** postgresStore(options) with a fresh schema: refused at once with VALIDATION naming `option`, and the schema is never created. */
  const refusedWithNothingMade = async (option: string, options: Record<string, unknown>): Promise<Error> => {
    const schema = fresh('opt');
    const error = refusal(() => postgresStore({ connectionString: PG_URL, schema, ...options } as unknown as PostgresStoreOptions));
    expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
    expect(error.message).toContain(option);
    expect(await schemaExists(schema)).toBe(false);
    return error;
  };

  test.prop([notWholeIn(1, 100_000)], { numRuns: 40 })('any pageSize that is not a whole number from 1 to 100,000 is refused with VALIDATION, and nothing is made', async (pageSize) => {
    const error = await refusedWithNothingMade('pageSize', { pageSize });
    expect(error.message).toContain('from 1 to 100,000');
  });

  test.prop([notWholeIn(0, 3_600_000)], { numRuns: 40 })('any readAllWaitMs that is not a whole number from 0 to 3,600,000 is refused with VALIDATION, and nothing is made', async (readAllWaitMs) => {
    const error = await refusedWithNothingMade('readAllWaitMs', { readAllWaitMs });
    expect(error.message).toContain('from 0 to 3,600,000');
  });

  test.prop([notWholeIn(1, 1000)], { numRuns: 40 })('any maxConnections that is not a whole number from 1 to 1,000 is refused with VALIDATION, and nothing is made', async (maxConnections) => {
    const error = await refusedWithNothingMade('maxConnections', { maxConnections });
    expect(error.message).toContain('from 1 to 1,000');
  });

  test('the values reported broken are among them: pageSize 0 no longer hangs the first command, -1 is not a database error', async () => {
    for (const pageSize of [0, -1]) {
      expect((await refusedWithNothingMade('pageSize', { pageSize })).message).toContain(`pageSize must be a whole number from 1 to 100,000, got ${pageSize}`);
    }
  });

  test.prop([fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 9 })], { numRuns: 10 })(
    'any pageSize in range reads every event back in order, however many pages that takes',
    async (pageSize, count) => {
      const store = postgresStore({ pool, schema: fresh('page'), pageSize, readAllWaitMs: 0 });
      const id = uniqueStreamId();
      await store.append(id, testEvents(id, count), { expectedVersion: 0 });
      expect((await collect(store.readStream(id))).map((e) => e.version)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      expect(await collect(store.readAll())).toHaveLength(count);
    },
  );

  test('the ends of the ranges are accepted', async () => {
    for (const options of [{ pageSize: 1 }, { pageSize: 100_000 }, { readAllWaitMs: 0 }, { readAllWaitMs: 3_600_000 }, { maxConnections: 1 }, { maxConnections: 1000 }]) {
      const store = postgresStore({ connectionString: PG_URL, schema: fresh('ends'), ...options });
      const id = uniqueStreamId();
      await store.append(id, testEvents(id, 2), { expectedVersion: 0 });
      expect(await collect(store.readStream(id))).toHaveLength(2);
      await store.close?.();
    }
  });

  test.prop([fc.constantFrom<unknown>('false', 'no', 0, 1, null, {}, [])])('a createSchema that is not true or false is refused with VALIDATION, and no schema is made', async (createSchema) => {
    await refusedWithNothingMade('createSchema', { createSchema });
  });

  test('maxConnections with a pool of your own is refused: it would size nothing', () => {
    const error = refusal(() => postgresStore({ pool, schema: fresh('max'), maxConnections: 5 }));
    expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
    expect(error.message).toContain('maxConnections');
  });

  test.prop([fc.constantFrom<unknown>(null, 'postgres://x', 42, {}, { query: () => {} }, [], () => {})])(
    'a pool that is not a pg.Pool is refused with VALIDATION naming pool, and no schema is made',
    async (notAPool) => {
      const schema = fresh('pool');
      const error = refusal(() => postgresStore({ pool: notAPool, schema } as unknown as PostgresStoreOptions));
      expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
      expect(error.message).toContain('pool');
      expect(await schemaExists(schema)).toBe(false);
    },
  );

  test('a pg.Client is refused as a pool', async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    const error = refusal(() => postgresStore({ pool: client as unknown as pg.Pool, schema: fresh('client') }));
    expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
    expect(error.message).toContain('pg.Client');
  });

  test.prop([fc.constantFrom<unknown>('', '   ', 42, {}, null, ['postgres://x'])])(
    'a connectionString that is empty or not a string is refused with VALIDATION naming it (an empty one would connect to the default server)',
    async (connectionString) => {
      const schema = fresh('cs');
      const error = refusal(() => postgresStore({ connectionString, schema } as unknown as PostgresStoreOptions));
      expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
      expect(error.message).toContain('connectionString');
      expect(await schemaExists(schema)).toBe(false);
    },
  );

  test('a connection string never shows up in a message', () => {
    const error = refusal(() => postgresStore({ connectionString: 'postgres://app:s3cret@db/x', schema: fresh('secret'), pageSize: 0 }));
    expect(error.message).not.toContain('s3cret');
  });

  test('no options at all is refused with VALIDATION showing the call to make', () => {
    for (const options of [undefined, null, PG_URL]) {
      const error = refusal(() => postgresStore(options as unknown as PostgresStoreOptions));
      expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
      expect(error.message).toContain('postgresStore({');
    }
  });

  const [type] = EVENT_TYPES;
  test.prop([
    fc.constantFrom<unknown>(
      'x',
      42,
      null,
      [],
      () => ({}),
      { NoSuchEvent: { 1: (data: unknown) => data } },
      { [type as string]: 'x' },
      { [type as string]: { 1: 'not a function' } },
      { [type as string]: { 0: (data: unknown) => data } },
    ),
  ])('upcasters that are not functions by event type and version are refused with VALIDATION naming upcasters, and nothing is made', async (upcasters) => {
    await refusedWithNothingMade('upcasters', { upcasters });
  });

  test('a pool, a connection string and upcasters of the right shape are accepted', async () => {
    for (const options of [{ pool }, { connectionString: PG_URL }, { pool, upcasters: { [type as string]: { 1: (data: unknown) => data } } }]) {
      const store = postgresStore({ schema: fresh('ok'), createSchema: true, ...options });
      const id = uniqueStreamId();
      await store.append(id, testEvents(id, 1), { expectedVersion: 0 });
      await store.close?.();
    }
  });
});
