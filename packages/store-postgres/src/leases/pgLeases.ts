import { checkLeaseArgs, checkReleaseArgs, shownText, type Leases } from '@redress/core';
import type { Pool } from 'pg';
import { guarded, RETRY_LATER } from '../errors/pgErrors';
import { tableOnFirstUse } from '../schema/tableOnFirstUse';

/**
 * The table of leases in quoted schema `s`: one row per name, its holder and
 * when the lease runs out. Made when first used, under the schema's DDL lock:
 * additive, so schemas of earlier releases get it as they are.
 *
 * @example
 * await pool.query(leasesDdl('"redress"'));
 */
export const leasesDdl = (s: string) => `CREATE TABLE IF NOT EXISTS ${s}.leases (
  name   text        PRIMARY KEY,
  holder text        NOT NULL,
  until  timestamptz NOT NULL
)`;

/**
 * The store's `leases` on `pool`: one upsert takes a free or run-out lease or
 * renews the holder's own. Of two instances racing for one name, the primary
 * key lets one insert in and the other's update finds the row taken.
 *
 * @example
 * const leases = pgLeases(pool, '"redress"', 'redress', ready);
 */
export const pgLeases = (pool: Pool, s: string, schema: string, ready: () => Promise<void>): Leases => {
  const table = tableOnFirstUse(pool, schema, ready, 'the leases table', leasesDdl(s));
  return {
    async acquire(name, options) {
      const until = checkLeaseArgs(name, options);
      await table();
      const { rowCount } = await guarded(`taking lease ${shownText(name)}`, RETRY_LATER, () =>
        pool.query(
          `INSERT INTO ${s}.leases (name, holder, until) VALUES ($1, $2, $3)
           ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
           WHERE ${s}.leases.holder = excluded.holder OR ${s}.leases.until <= $4`,
          [name, options.holder, new Date(until), options.now],
        ),
      );
      return rowCount === 1;
    },
    async release(name, holder) {
      checkReleaseArgs(name, holder);
      await table();
      await guarded(`releasing lease ${shownText(name)}`, RETRY_LATER, () =>
        pool.query(`DELETE FROM ${s}.leases WHERE name = $1 AND holder = $2`, [name, holder]),
      );
    },
  };
};
