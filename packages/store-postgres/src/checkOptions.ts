import { RedressError, type Upcasters } from '@redress/core';
import { isRecord, optionChecks, shownValue as shown } from '@redress/core/store-kit';
import type pg from 'pg';

/** The ranges of the numeric options (documented in docs/store-postgres.md). */
const RANGES = {
  pageSize: { min: 1, max: 100_000 },
  readAllWaitMs: { min: 0, max: 3_600_000 },
  maxConnections: { min: 1, max: 1000 },
} as const;

/** The options with their defaults filled in, every one checked. */
export interface PostgresSettings {
  /** The pool given, or the connection string to make one from (with its size). */
  readonly database:
    | { readonly pool: pg.Pool }
    | { readonly connectionString: string; readonly maxConnections: number };
  /** Not checked here: `quoteSchema` checks it where it is quoted. */
  readonly schema: string;
  readonly createSchema: boolean;
  readonly upcasters: Upcasters;
  readonly pageSize: number;
  readonly readAllWaitMs: number;
}

const check = optionChecks('postgresStore');
const refuse = check.refuse;

/**
 * Something that works as a `pg.Pool`. Checked by shape, not `instanceof`: the
 * caller's `pg` may be another copy than ours. A `pg.Client` has `connect` and
 * `query` too, but it is one connection, and its `connect()` gives no client.
 */
const checkPool = (pool: unknown): pg.Pool => {
  const has = (name: string) => typeof (pool as Record<string, unknown>)[name] === 'function';
  if (!isRecord(pool) || !has('connect') || !has('query') || !has('end')) {
    throw refuse('pool', `pool must be a pg.Pool (new pg.Pool({ connectionString })), got ${shown(pool)}`);
  }
  if (typeof pool.totalCount !== 'number') {
    throw refuse(
      'pool',
      'pool must be a pg.Pool, not a pg.Client (one connection); pass new pg.Pool(…) or give connectionString instead',
    );
  }
  return pool as unknown as pg.Pool;
};

const checkConnectionString = (value: unknown): string => {
  // An empty string would not fail: pg would connect to the default server (PGHOST or localhost) instead.
  if (typeof value !== 'string' || value.trim() === '') {
    // Only a blank string reaches the message: a real one may hold a password.
    throw refuse(
      'connectionString',
      `connectionString must be a non-empty string such as 'postgres://user@host:5432/database', got ${shown(value)}`,
    );
  }
  return value;
};

/** Exactly one of `pool` and `connectionString`, each of the right kind; `maxConnections` only with the latter. */
const checkDatabase = (options: Record<string, unknown>): PostgresSettings['database'] => {
  if ((options.pool === undefined) === (options.connectionString === undefined)) {
    throw new RedressError(
      'VALIDATION',
      'postgresStore needs exactly one of `pool` (a pg.Pool you own) or `connectionString`',
      {
        pool: options.pool !== undefined,
        connectionString: options.connectionString !== undefined,
      },
    );
  }
  if (options.connectionString === undefined) {
    const pool = checkPool(options.pool);
    if (options.maxConnections !== undefined) {
      throw refuse(
        'maxConnections',
        'maxConnections sizes the pool the store makes from connectionString; with a pool of your own it would do nothing, so give the size to that pool (new pg.Pool({ max }))',
      );
    }
    return { pool };
  }
  return {
    connectionString: checkConnectionString(options.connectionString),
    maxConnections: check.count(options, 'maxConnections', RANGES.maxConnections, 10),
  };
};

/**
 * Check the options of `postgresStore` before any connection is made, and fill
 * in the defaults. Anything wrong is `VALIDATION` naming the option, the value
 * given (never a connection string, which may hold a password) and what it may be.
 */
export const checkOptions = (options: unknown): PostgresSettings => {
  if (!isRecord(options)) {
    throw refuse(
      'pool',
      `postgresStore takes an options object, e.g. postgresStore({ pool }) or postgresStore({ connectionString: 'postgres://user@host/db' }), got ${typeof options === 'string' ? 'a string' : shown(options)}`,
    );
  }
  return {
    database: checkDatabase(options),
    schema: (options.schema ?? 'redress') as string,
    createSchema: check.flag(options, 'createSchema', true),
    upcasters: check.upcasters(options.upcasters) ?? {},
    pageSize: check.count(options, 'pageSize', RANGES.pageSize, 1000),
    readAllWaitMs: check.count(options, 'readAllWaitMs', RANGES.readAllWaitMs, 5000),
  };
};
