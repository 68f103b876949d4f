import { ephemeralKek, isErased, isRedressError, subjectKeys, type WrappedKey } from '@redress/core';
import { testKeyStore } from '@redress/testing';
import type pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { postgresStore } from '../postgresStore';
import { describePg, dropSchema, PG_URL, testPool, testSchemas, uniqueSchema } from '../testing/pgTest';
import { postgresKeyStore } from './postgresKeyStore';
import { keyStoreSql } from './keyTableSql';

/**
 * Every page of the key table and its index as PostgreSQL holds them (through
 * pageinspect, which needs a superuser, as the test server's user is).
 */
const tablePages = async (pool: pg.Pool, schema: string): Promise<Buffer> => {
  const pages: Buffer[] = [];
  for (const relation of [`"${schema}".subject_keys`, `"${schema}".subject_keys_pkey`]) {
    const { rows } = await pool.query<{ page: Buffer }>(
      `SELECT get_raw_page($1::text, 'main', b::int) AS page FROM generate_series(0, pg_relation_size($1::text::regclass) / current_setting('block_size')::int - 1) AS b`,
      [relation],
    );
    pages.push(...rows.map((r) => r.page));
  }
  return Buffer.concat(pages);
};

describePg('postgresKeyStore', () => {
  const pool = testPool(8);
  beforeAll(async () => {
    // Several test files may create it at once; one wins, the others see it.
    await pool
      .query('CREATE EXTENSION IF NOT EXISTS pageinspect')
      .catch(() => pool.query('SELECT 1 FROM pg_extension WHERE extname = $1', ['pageinspect']));
  });
  afterAll(() => pool.end());

  testKeyStore('postgres (a table of its own)', async () => {
    const schema = uniqueSchema('keys');
    return {
      // Other test files may hold a transaction open for seconds, which the vacuum after a destroy waits out.
      store: postgresKeyStore({ pool, schema, vacuumWaitMs: 60_000 }),
      // Another handle is another pool, as another app instance would have.
      reopen: async () => postgresKeyStore({ connectionString: PG_URL, schema, maxConnections: 2 }),
      bytesAtRest: () => tablePages(pool, schema),
      cleanup: () => dropSchema(pool, schema),
    };
  });
});

describePg('postgresKeyStore, its table and its options', () => {
  const { pool, fresh } = testSchemas(4);

  const refusal = async (work: () => unknown) => {
    try {
      await work();
    } catch (error) {
      expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
      return (error as Error).message;
    }
    throw new Error('expected VALIDATION');
  };
  const schemaExists = async (schema: string) =>
    (await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount === 1;

  test('the default schema is redress_keys, apart from the events', () => {
    expect(postgresKeyStore({ pool }).schema).toBe('redress_keys');
  });

  test('wrong options are refused before any connection, naming the option; nothing is made', async () => {
    const schema = fresh('kopt');
    expect(await refusal(() => postgresKeyStore({ pool, schema, maxConnections: 3 }))).toContain('maxConnections');
    expect(await refusal(() => postgresKeyStore({ connectionString: '  ', schema }))).toContain('connectionString');
    expect(await refusal(() => postgresKeyStore({ pool, connectionString: PG_URL, schema }))).toContain(
      'exactly one of',
    );
    expect(await refusal(() => postgresKeyStore({ pool: {} as pg.Pool, schema }))).toContain('pg.Pool');
    expect(
      await refusal(() => postgresKeyStore({ pool, schema, vacuumOnDestroy: 'yes' as unknown as boolean })),
    ).toContain('vacuumOnDestroy');
    expect(await refusal(() => postgresKeyStore({ pool, schema, vacuumWaitMs: 60_001 }))).toContain('vacuumWaitMs');
    expect(await refusal(() => postgresKeyStore({ pool, schema: 'bad-name;' }))).toContain('not allowed');
    expect(await schemaExists(schema)).toBe(false);
  });

  test('a table of that name that is not ours is refused and left alone', async () => {
    const schema = fresh('kforeign');
    await pool.query(`CREATE SCHEMA "${schema}"; CREATE TABLE "${schema}".subject_keys (x int)`);
    const store = postgresKeyStore({ pool, schema });
    expect(await refusal(() => store.fetch('S-1'))).toContain('not a Redress key table');
    expect((await pool.query(`SELECT count(*)::int AS n FROM "${schema}".subject_keys`)).rows[0].n).toBe(0);
  });

  test('with createSchema false a missing table is refused, naming keyStoreSql; applied by hand, it works', async () => {
    const schema = fresh('kdba');
    const store = postgresKeyStore({ pool, schema, createSchema: false });
    expect(await refusal(() => store.fetch('S-1'))).toContain('keyStoreSql');
    expect(await schemaExists(schema)).toBe(false);
    await pool.query(keyStoreSql(schema));
    await pool.query(keyStoreSql(schema)); // idempotent
    await store.destroy('S-1');
    expect(isErased(await store.fetch('S-1'))).toBe(true);
  });

  test('a version 1 table (before the subject index): kept as it is with createSchema false, upgraded otherwise', async () => {
    const schema = fresh('kv1');
    const kek = ephemeralKek();
    const first = postgresKeyStore({ pool, schema });
    const key = await subjectKeys({ store: first, kek }).create('S-1');
    await first.close();
    const t = `"${schema}"`;
    await pool.query(
      `DROP TABLE ${t}.subject_complaints, ${t}.pending_erasures, ${t}.key_store_meta; COMMENT ON TABLE ${t}.subject_keys IS 'redress-key-store 1'`,
    );
    const kept = postgresKeyStore({ pool, schema, createSchema: false });
    // Without the index the engine scans the log: the index says it is not filled and keeps nothing.
    await kept.index.link([{ subjectId: 'S-1', complaintId: 'C-1' }]);
    await kept.index.markComplete();
    expect(await kept.index.complete()).toBe(false);
    expect(await kept.index.complaintsOf('S-1')).toEqual([]);
    await kept.destroy('S-2');
    expect(isErased(await kept.fetch('S-2'))).toBe(true);
    const upgraded = postgresKeyStore({ pool, schema });
    await upgraded.index.link([{ subjectId: 'S-1', complaintId: 'C-1' }]);
    expect(await upgraded.index.complaintsOf('S-1')).toEqual(['C-1']);
    const again = (await subjectKeys({ store: upgraded, kek }).get('S-1')) as typeof key;
    expect(again.key.export().equals(key.key.export())).toBe(true);
    const { rows } = await pool.query(`SELECT obj_description('${t}.subject_keys'::regclass, 'pg_class') AS mark`);
    expect(rows[0]?.mark).toBe('redress-key-store 2');
  });

  test('the fence is in the database too: an erased row cannot get a key again nor be deleted, even by hand', async () => {
    const schema = fresh('kfence');
    await postgresKeyStore({ pool, schema }).destroy('S-1');
    await expect(
      pool.query(
        `UPDATE "${schema}".subject_keys SET erased_at = NULL, kek_id = 'k', wrapped = '\\x00' WHERE subject_id = 'S-1'`,
      ),
    ).rejects.toThrow(/never get a key again/);
    await expect(pool.query(`DELETE FROM "${schema}".subject_keys WHERE subject_id = 'S-1'`)).rejects.toThrow(
      /kept for good/,
    );
  });

  test('the keys can share a schema with the events, and neither store minds the other', async () => {
    const schema = fresh('kshared');
    const keys = subjectKeys({ store: postgresKeyStore({ pool, schema }), kek: ephemeralKek() });
    await keys.create('S-1');
    const events = postgresStore({ pool, schema });
    expect(await events.checkpoints.get('x')).toBeNull();
    expect(isErased(await keys.get('S-1'))).toBe(false);
  });

  test('with vacuumOnDestroy false the key is still destroyed at once', async () => {
    const schema = fresh('knovac');
    const store = postgresKeyStore({ pool, schema, vacuumOnDestroy: false });
    await store.insert('S-1', { kekId: 'k', wrapped: new Uint8Array(61).fill(3) });
    await store.destroy('S-1');
    expect(isErased(await store.fetch('S-1'))).toBe(true);
    expect(isErased(await store.insert('S-1', { kekId: 'k', wrapped: new Uint8Array(61).fill(4) } as WrappedKey))).toBe(
      true,
    );
  });

  test('a destroy while an older transaction is open waits for it to end, so the vacuum removes the old row version', async () => {
    const schema = fresh('kolder');
    await pool.query('CREATE EXTENSION IF NOT EXISTS pageinspect').catch(() => undefined);
    const store = postgresKeyStore({ pool, schema });
    const keys = subjectKeys({ store, kek: ephemeralKek() });
    await keys.create('S-1');
    const wrapped = Buffer.from(((await store.fetch('S-1')) as WrappedKey).wrapped);
    const older = await pool.connect();
    await older.query('BEGIN');
    await older.query('SELECT pg_current_xact_id()');
    const ended = new Promise<void>((resolve) => setTimeout(() => older.query('COMMIT').then(() => resolve()), 300));
    await keys.destroy('S-1');
    await ended;
    older.release();
    expect((await tablePages(pool, schema)).includes(wrapped)).toBe(false);
  });

  test('a transaction older than the destroy past vacuumWaitMs: destroy says it could not finish; again, it does', async () => {
    const schema = fresh('kwait');
    await pool.query('CREATE EXTENSION IF NOT EXISTS pageinspect').catch(() => undefined);
    const store = postgresKeyStore({ pool, schema, vacuumWaitMs: 50 });
    const keys = subjectKeys({ store, kek: ephemeralKek() });
    await keys.create('S-1');
    const wrapped = Buffer.from(((await store.fetch('S-1')) as WrappedKey).wrapped);
    const older = await pool.connect();
    try {
      await older.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await older.query('SELECT pg_current_xact_id()');
      const error = await keys.destroy('S-1').catch((e: unknown) => e);
      expect(isRedressError(error, 'STORE_UNAVAILABLE')).toBe(true);
      expect((error as Error).message).toContain('call destroy again');
      expect((error as { details?: { code?: string } }).details?.code).toBe('VACUUM_WAIT');
      // The key is destroyed all the same: it can no longer be fetched.
      expect(await store.fetch('S-1')).toMatchObject({ erased: true });
    } finally {
      await older.query('COMMIT');
      older.release();
    }
    // Again, with the default wait: 50 ms is shorter than other tests' transactions on the same server.
    await postgresKeyStore({ pool, schema }).destroy('S-1');
    expect((await tablePages(pool, schema)).includes(wrapped)).toBe(false);
  });

  test('a store made from a connection string ends its own pool on close', async () => {
    const schema = fresh('kown');
    const store = postgresKeyStore({ connectionString: PG_URL, schema, maxConnections: 1 });
    await store.destroy('S-1');
    await store.close();
    const error = await store.fetch('S-1').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isRedressError(error, 'STORE_UNAVAILABLE')).toBe(true);
    await dropSchema(pool, schema);
  });
});
