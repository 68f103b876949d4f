import { RedressError } from '@redress/core';
import { isRecord, optionChecks, shownValue as shown } from '@redress/core/store-kit';
import type pg from 'pg';
import { quoteSchema } from '../schema/ddl';

/**
 * Options of `postgresKeyStore`: where the database is (a pool or a connection
 * string, which may name another database than the events'), which schema, and
 * whether the store may create its table.
 *
 * @example
 * const options: PostgresKeyStoreOptions = { connectionString: process.env.KEYS_DATABASE_URL, schema: 'redress_keys' };
 */
export interface PostgresKeyStoreOptions {
  /** A pool you own (the store never ends it): a `pg.Pool`, not a `pg.Client`. Give this or `connectionString`. */
  readonly pool?: pg.Pool;
  /** Let the store make (and on `close()` end) its own pool, for example to another database. A non-empty string. */
  readonly connectionString?: string;
  /** Size of the store's own pool (with `connectionString` only): 1 to 1,000. Default 4. */
  readonly maxConnections?: number;
  /** The PostgreSQL schema holding the `subject_keys` table. Default `redress_keys`. */
  readonly schema?: string;
  /** Create the table on first use when it is missing: `true` (default) or `false`, for DBAs who apply `keyStoreSql()` themselves. */
  readonly createSchema?: boolean;
  /**
   * Run `VACUUM` on the key table after each destroy, so the destroyed key's old row
   * version is removed from the table's pages at once rather than at the next
   * autovacuum: `true` (default) or `false`. Needs the role to own the table:
   * for another role PostgreSQL skips the vacuum with a warning, and the old row
   * version stays until autovacuum reaches the table.
   */
  readonly vacuumOnDestroy?: boolean;
  /**
   * How long a destroy waits for transactions older than it to end before it
   * vacuums (a row version they may still see cannot be removed): 0 to 60,000 ms.
   * Default 30,000. Past it, the destroy fails with `STORE_UNAVAILABLE`
   * (`details.code: 'VACUUM_WAIT'`): the key is gone from use, and calling
   * destroy again once the old transaction ended clears its bytes.
   */
  readonly vacuumWaitMs?: number;
}

/** The options with their defaults filled in, every one checked. */
export interface PostgresKeySettings {
  readonly database:
    | { readonly pool: pg.Pool }
    | { readonly connectionString: string; readonly maxConnections: number };
  readonly schema: string;
  readonly createSchema: boolean;
  readonly vacuumOnDestroy: boolean;
  readonly vacuumWaitMs: number;
}

const check = optionChecks('postgresKeyStore');

const checkPool = (pool: unknown): pg.Pool => {
  const has = (name: string) => typeof (pool as Record<string, unknown>)[name] === 'function';
  // By shape, not instanceof: the caller's pg may be another copy. A pg.Client has no totalCount.
  if (!isRecord(pool) || !has('connect') || !has('query') || !has('end') || typeof pool.totalCount !== 'number') {
    throw check.refuse('pool', `pool must be a pg.Pool (new pg.Pool({ connectionString })), got ${shown(pool)}`);
  }
  return pool as unknown as pg.Pool;
};

const checkDatabase = (options: Record<string, unknown>): PostgresKeySettings['database'] => {
  if ((options.pool === undefined) === (options.connectionString === undefined)) {
    throw new RedressError(
      'VALIDATION',
      'postgresKeyStore needs exactly one of `pool` (a pg.Pool you own) or `connectionString`',
      { option: 'pool' },
    );
  }
  if (options.connectionString === undefined) {
    if (options.maxConnections !== undefined) {
      throw check.refuse(
        'maxConnections',
        'maxConnections sizes the pool the store makes from connectionString; give the size to your own pool instead (new pg.Pool({ max }))',
      );
    }
    return { pool: checkPool(options.pool) };
  }
  const url = options.connectionString;
  // Only a blank string reaches the message: a real one may hold a password.
  if (typeof url !== 'string' || url.trim() === '') {
    throw check.refuse(
      'connectionString',
      `connectionString must be a non-empty string such as 'postgres://user@host:5432/keys', got ${shown(url)}`,
    );
  }
  return { connectionString: url, maxConnections: check.count(options, 'maxConnections', { min: 1, max: 1000 }, 4) };
};

/** Check the options of `postgresKeyStore` before any connection is made, and fill in the defaults. */
export const checkKeyStoreOptions = (options: unknown): PostgresKeySettings => {
  if (!isRecord(options)) {
    throw check.refuse(
      'pool',
      `postgresKeyStore takes an options object, e.g. postgresKeyStore({ pool }), got ${typeof options === 'string' ? 'a string' : shown(options)}`,
    );
  }
  const schema = options.schema ?? 'redress_keys';
  quoteSchema(schema as string);
  return {
    database: checkDatabase(options),
    schema: schema as string,
    createSchema: check.flag(options, 'createSchema', true),
    vacuumOnDestroy: check.flag(options, 'vacuumOnDestroy', true),
    vacuumWaitMs: check.count(options, 'vacuumWaitMs', { min: 0, max: 60_000 }, 30_000),
  };
};
