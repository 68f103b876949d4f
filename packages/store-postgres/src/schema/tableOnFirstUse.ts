import type { Pool } from 'pg';
import { guarded, RETRY_LATER } from '../errors/pgErrors';
import { DDL_LOCK_CLASS } from './ddl';

/**
 * A table the store makes when first used, once, under the schema's DDL lock
 * (two `CREATE TABLE IF NOT EXISTS` at once can collide in PostgreSQL's
 * catalog): for tables added after the schema's first release, which older
 * schemas then get as they are. A failed attempt is tried again by the next
 * caller. `what` names the table in a `STORE_UNAVAILABLE` error.
 *
 * @example
 * const table = tableOnFirstUse(pool, 'redress', ready, 'the delivery records table', deliveriesDdl('"redress"'));
 * await table();
 */
export const tableOnFirstUse = (
  pool: Pool,
  schema: string,
  ready: () => Promise<void>,
  what: string,
  ddl: string,
): (() => Promise<void>) => {
  let made: Promise<void> | undefined;
  return () => {
    made ??= (async () => {
      await ready();
      await guarded(`making ${what}`, RETRY_LATER, async () => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [DDL_LOCK_CLASS, schema]);
          await client.query(ddl);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        } finally {
          client.release();
        }
      });
    })().catch((error: unknown) => {
      made = undefined;
      throw error;
    });
    return made;
  };
};
