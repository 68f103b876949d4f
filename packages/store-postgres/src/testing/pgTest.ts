import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';

/** The server the integration tests use. */
export const PG_URL = process.env.REDRESS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const probe = async (): Promise<string | undefined> => {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || String(error) : String(error);
  } finally {
    await client.end().catch(() => {});
  }
};

/** Why the server cannot be reached, or undefined when it answers. */
export const unreachable = await probe();

const shown = PG_URL.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/**
 * A describe block that needs PostgreSQL. When the server cannot be reached it is
 * skipped with a printed reason, except under CI, where it fails.
 */
export const describePg = (name: string, body: () => void): void => {
  const skip = unreachable !== undefined && !process.env.CI;
  if (skip) {
    console.warn(
      `store-postgres: skipping "${name}": PostgreSQL at ${shown} is not reachable (${unreachable}). ` +
        'Start a server there or set REDRESS_PG_URL=postgres://user@host:port/database to run these tests (with CI set they fail instead).',
    );
  }
  describe.skipIf(skip)(name, () => {
    test('PostgreSQL answers at REDRESS_PG_URL', () => {
      expect(unreachable, `PostgreSQL at ${shown} is not reachable; start it or set REDRESS_PG_URL`).toBeUndefined();
    });
    if (unreachable === undefined) body();
  });
};

/** A schema name no other test file uses. */
export const uniqueSchema = (tag: string): string => `redress_t_${tag}_${randomBytes(5).toString('hex')}`;

/** A pool for tests, with the idle-error listener every pool needs. */
export const testPool = (max = 5): pg.Pool => {
  const pool = new pg.Pool({ connectionString: PG_URL, max });
  pool.on('error', () => {});
  return pool;
};

/** Drop a test schema and everything in it. */
export const dropSchema = async (pool: pg.Pool, schema: string): Promise<void> => {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
};

/**
 * A pool and a maker of fresh schema names for one describe block: after the
 * block, every schema it made is dropped and the pool ended.
 */
export const testSchemas = (max = 3): { pool: pg.Pool; fresh: (tag: string) => string } => {
  const pool = testPool(max);
  const used: string[] = [];
  afterAll(async () => {
    for (const schema of used) await dropSchema(pool, schema);
    await pool.end();
  });
  return {
    pool,
    fresh: (tag) => {
      const schema = uniqueSchema(tag);
      used.push(schema);
      return schema;
    },
  };
};
