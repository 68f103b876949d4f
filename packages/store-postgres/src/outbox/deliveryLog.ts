import type { DeliveryRecord } from '@redress/core';
import type { Pool } from 'pg';
import { guarded, RETRY_LATER } from '../errors/pgErrors';
import { LOCK_CLASS } from '../schema/ddl';
import { tableOnFirstUse } from '../schema/tableOnFirstUse';

/** Advisory-lock class of the delivery records' log (one lock per schema). */
const DELIVERIES_LOCK_CLASS = LOCK_CLASS + 3;

/**
 * The table of delivery records in quoted schema `s`: one row a settled
 * delivery, `seq` in settling order. Made when first used, under the
 * schema's DDL lock: additive, so schemas of earlier releases get it.
 *
 * @example
 * await pool.query(deliveriesDdl('"redress"'));
 */
export const deliveriesDdl = (s: string) => `CREATE TABLE IF NOT EXISTS ${s}.deliveries (
  seq       bigint  PRIMARY KEY,
  outbox_id text    NOT NULL,
  stream_id text    NOT NULL,
  event_id  text    NOT NULL,
  channel   text    NOT NULL,
  outcome   text    NOT NULL,
  attempt   integer NOT NULL,
  at        text    NOT NULL
)`;

type SettledRow = {
  id: string;
  stream_id: string;
  event_id: string;
  channel: string;
  status: string;
  attempts: number;
};
type RecordRow = Omit<DeliveryRecord, 'seq'> & { seq: string };

/**
 * Settling outbox rows with their delivery records. A settle runs in one
 * transaction: the outbox UPDATE (its `RETURNING` gives the settled row) and,
 * for a row now delivered or dead, its record. Records are numbered under an
 * advisory lock of the schema, taken before the row is settled, so they are
 * committed in `seq` order: a reader never sees record 6 before record 5
 * appears, and the log only grows at its end, as a checkpoint's tree must.
 *
 * @example
 * const log = deliveryLog(pool, '"redress"', 'redress', ready);
 * const settled = await log.settle('completing n-1', updateSql, params, now.toISOString());
 */
export const deliveryLog = (pool: Pool, s: string, schema: string, ready: () => Promise<void>) => {
  const table = tableOnFirstUse(pool, schema, ready, 'the delivery records table', deliveriesDdl(s));

  return {
    /** Run the settling UPDATE `sql` and record what it settled; returns how many rows it changed. */
    async settle(doing: string, sql: string, params: unknown[], at: string): Promise<number> {
      await table();
      return guarded(doing, RETRY_LATER, async () => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [DELIVERIES_LOCK_CLASS, schema]);
          const { rows } = await client.query<SettledRow>(sql, params);
          for (const r of rows) {
            if (r.status !== 'delivered' && r.status !== 'dead') continue;
            await client.query(
              `INSERT INTO ${s}.deliveries (seq, outbox_id, stream_id, event_id, channel, outcome, attempt, at)
               SELECT coalesce(max(seq), 0) + 1, $1, $2, $3, $4, $5, $6, $7 FROM ${s}.deliveries`,
              [r.id, r.stream_id, r.event_id, r.channel, r.status, r.attempts, at],
            );
          }
          await client.query('COMMIT');
          return rows.length;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        } finally {
          client.release();
        }
      });
    },
    /** Every record, in settling order. */
    async read(): Promise<DeliveryRecord[]> {
      await table();
      const { rows } = await guarded('reading the delivery records', RETRY_LATER, () =>
        pool.query<RecordRow>(
          `SELECT seq, outbox_id AS "outboxId", stream_id AS "streamId", event_id AS "eventId", channel, outcome, attempt, at
           FROM ${s}.deliveries ORDER BY seq`,
        ),
      );
      return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
    },
  };
};
