import { RedressError } from '@redress/core';
import type { Pool, PoolClient } from 'pg';
import {
  addOutboxHistory,
  DDL_LOCK_CLASS,
  dueMomentsSql,
  FORMAT,
  merkleTables,
  quoteSchema,
  SCHEMA_VERSION,
  schemaSql,
  storeTablesSql,
} from './ddl';

const TABLES = ['meta', 'events', 'outbox', 'checkpoints'] as const;

const notRedress = (schema: string, why: string) =>
  new RedressError(
    'VALIDATION',
    `PostgreSQL schema "${schema}" is not a Redress event store (${why}); nothing was changed. Choose another \`schema\` for Redress, or move the other tables away`,
    { schema },
  );

/** Which of our table names exist in the schema, and what its meta table says. */
const inspect = async (client: PoolClient, schema: string) => {
  const { rows } = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_name = ANY($2::text[])`,
    [schema, TABLES],
  );
  const present = new Set(rows.map((r) => r.name));
  if (!present.has('meta')) return { present, meta: undefined };
  const meta = await client.query<{ key: string; value: string }>(`SELECT key, value FROM "${schema}".meta`);
  return { present, meta: new Map(meta.rows.map((r) => [r.key, r.value])) };
};

/** Refuse a schema that is not ours or that a newer release wrote; 'empty' when there is nothing yet. */
const check = async (client: PoolClient, schema: string): Promise<'empty' | 'ours'> => {
  const { present, meta } = await inspect(client, schema);
  if (present.size === 0) return 'empty';
  if (meta === undefined)
    throw notRedress(schema, `it holds table ${[...present].join(', ')} but no Redress meta table`);
  if (meta.get('format') !== FORMAT) throw notRedress(schema, 'its meta table does not name it a Redress store');
  const version = Number(meta.get('schema_version'));
  if (!Number.isInteger(version) || version < 1)
    throw notRedress(schema, `its schema version "${meta.get('schema_version')}" is not a number`);
  if (version > SCHEMA_VERSION) {
    throw new RedressError(
      'VALIDATION',
      `PostgreSQL schema "${schema}" was written by a newer @redress/store-postgres (schema version ${version}; this release knows up to ${SCHEMA_VERSION}); nothing was changed. Upgrade @redress/store-postgres`,
      { schema, schemaVersion: version, supported: SCHEMA_VERSION },
    );
  }
  const missing = TABLES.filter((t) => !present.has(t));
  if (missing.length > 0) throw notRedress(schema, `tables ${missing.join(', ')} are missing`);
  return 'ours';
};

/** Whether the outbox has its `history` column, which stores of an earlier release lack. */
const hasOutboxHistory = async (client: PoolClient, schema: string): Promise<boolean> => {
  const { rows } = await client.query(
    `SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'outbox' AND column_name = 'history'`,
    [schema],
  );
  return rows.length > 0;
};

/** Whether the Merkle tree's tables are there, which stores of an earlier release lack. */
const hasMerkleTables = async (client: PoolClient, schema: string): Promise<boolean> => {
  const { rows } = await client.query(
    `SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name IN ('merkle_leaves', 'merkle_nodes')`,
    [schema],
  );
  return rows.length === 2;
};

/** Whether the due moments' table and the trigger that fills it are there, which stores of an earlier release lack. */
const hasDueMoments = async (client: PoolClient, schema: string): Promise<boolean> => {
  const { rows } = await client.query(
    `SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = 'events' AND t.tgname = 'events_due_moment'`,
    [schema],
  );
  return rows.length > 0;
};

/** What a store of an earlier release lacks: the outbox's history column, the tree's tables, the due moments. */
const missingParts = async (client: PoolClient, schema: string): Promise<string[]> => [
  ...((await hasOutboxHistory(client, schema)) ? [] : ['history column in its outbox']),
  ...((await hasMerkleTables(client, schema)) ? [] : ['Merkle tree tables']),
  ...((await hasDueMoments(client, schema)) ? [] : ['due moments table']),
];

/**
 * Make sure `schema` holds a Redress store this release can use: create it when
 * the schema is empty, add the outbox's `history` column and the Merkle tree's
 * tables when they are missing (none of this when `create` is false), refuse
 * anything else.
 */
export const ensureSchema = async (pool: Pool, schema: string, create: boolean): Promise<void> => {
  const client = await pool.connect();
  // A checked-out client that loses its connection emits 'error'; the query rejects anyway.
  const ignore = () => {};
  client.on('error', ignore);
  let broken: unknown;
  try {
    const state = await check(client, schema);
    const missing = state === 'ours' ? await missingParts(client, schema) : [];
    if (state === 'ours' && missing.length === 0) return;
    if (!create && state === 'ours') {
      throw new RedressError(
        'VALIDATION',
        `PostgreSQL schema "${schema}" holds a Redress store of an earlier release (it has no ${missing.join(' and no ')}), and createSchema is false; apply the SQL of schemaSql(${JSON.stringify(schema)}) again (it is idempotent and adds what is missing) or let the store do it`,
        { schema, missing },
      );
    }
    if (!create) {
      throw new RedressError(
        'VALIDATION',
        `PostgreSQL schema "${schema}" has no Redress store and createSchema is false; apply the SQL of schemaSql(${JSON.stringify(schema)}) (see docs/store-postgres.md) or let the store create it`,
        { schema, noStore: true },
      );
    }
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [DDL_LOCK_CLASS, schema]);
      // Another instance may have created or upgraded it while we looked.
      if ((await check(client, schema)) === 'empty') {
        const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
        await client.query(exists.rows.length > 0 ? storeTablesSql(schema) : schemaSql(schema));
      } else {
        if (!(await hasOutboxHistory(client, schema))) await client.query(addOutboxHistory(quoteSchema(schema)));
        if (!(await hasMerkleTables(client, schema))) await client.query(merkleTables(quoteSchema(schema)));
        // Filled from the log in this transaction, under the trigger's lock on the events: no append slips between.
        if (!(await hasDueMoments(client, schema))) await client.query(dueMomentsSql(quoteSchema(schema)));
      }
      await client.query('COMMIT');
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
