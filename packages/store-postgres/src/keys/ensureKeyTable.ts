import { RedressError } from '@redress/core';
import type { Pool, PoolClient } from 'pg';
import { KEY_DDL_LOCK_CLASS, KEY_TABLE_MARK, KEY_TABLE_VERSION, keyStoreSql } from './keyTableSql';

const notKeys = (schema: string, why: string) =>
  new RedressError(
    'VALIDATION',
    `${schema}.subject_keys is not a Redress key table (${why}); nothing was changed. Choose another \`schema\` for the keys, or move that table away`,
    { schema },
  );

/** 'missing', or the version of a key table this release can use; anything else is refused. */
const check = async (client: PoolClient, schema: string): Promise<'missing' | number> => {
  const { rows } = await client.query<{ mark: string | null }>(
    `SELECT obj_description(c.oid, 'pg_class') AS mark FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = 'subject_keys'`,
    [schema],
  );
  const row = rows[0];
  if (row === undefined) return 'missing';
  const [mark, version] = (row.mark ?? '').split(' ');
  if (mark !== KEY_TABLE_MARK) throw notKeys(schema, 'its comment does not name it one');
  if (!(Number(version) >= 1)) throw notKeys(schema, 'its version is not a number');
  if (Number(version) > KEY_TABLE_VERSION) {
    throw new RedressError(
      'VALIDATION',
      `${schema}.subject_keys was written by a newer @redress/store-postgres (key table version ${version}; this release knows up to ${KEY_TABLE_VERSION}); nothing was changed. Upgrade @redress/store-postgres`,
      { schema, schemaVersion: Number(version), supported: KEY_TABLE_VERSION },
    );
  }
  return Number(version);
};

/**
 * Make sure `schema` holds a Redress key table this release can use: create it
 * when it is missing, or upgrade one of an older version (unless `create` is
 * false), under an advisory lock so instances starting together do not race;
 * refuse anything else. Resolves with the version in use.
 */
export const ensureKeyTable = async (pool: Pool, schema: string, create: boolean): Promise<number> => {
  const client = await pool.connect();
  // A checked-out client that loses its connection emits 'error'; the query rejects anyway.
  const ignore = () => {};
  client.on('error', ignore);
  let broken: unknown;
  try {
    const found = await check(client, schema);
    // An older table the DBA keeps (createSchema false) is used as it is: without the subject index.
    if (found !== 'missing' && (found >= KEY_TABLE_VERSION || !create)) return found;
    if (!create) {
      throw new RedressError(
        'VALIDATION',
        `PostgreSQL schema "${schema}" has no Redress key table and createSchema is false; apply the SQL of keyStoreSql(${JSON.stringify(schema)}) or let the key store create it`,
        { schema },
      );
    }
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [KEY_DDL_LOCK_CLASS, schema]);
      // Another instance may have made it while we looked.
      const now = await check(client, schema);
      if (now === 'missing' || now < KEY_TABLE_VERSION) {
        // CREATE SCHEMA needs the database's CREATE privilege even for a schema that exists,
        // which a tenant's role (owner of its own schema only) lacks: leave it out then.
        const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
        const sql = keyStoreSql(schema);
        await client.query(exists.rows.length > 0 ? sql.slice(sql.indexOf('\n\n') + 2) : sql);
      }
      await client.query('COMMIT');
      return KEY_TABLE_VERSION;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  } catch (error) {
    broken = error instanceof RedressError ? undefined : error;
    throw error;
  } finally {
    client.off('error', ignore);
    client.release(broken instanceof Error ? broken : undefined);
  }
};
