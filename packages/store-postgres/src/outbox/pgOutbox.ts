import {
  RedressError,
  type DeliveryRecord,
  type Outbox,
  type OutboxAttempt,
  type OutboxRecord,
  type OutboxStatus,
} from '@redress/core';
import type { Pool } from 'pg';
import { guarded, RETRY_LATER } from '../errors/pgErrors';
import { deliveryLog } from './deliveryLog';

interface OutboxRow {
  seq: string;
  id: string;
  stream_id: string;
  event_id: string;
  channel: string;
  payload: unknown;
  status: OutboxStatus;
  available_at: Date;
  attempts: number;
  created_at: Date;
  claimed_by: string | null;
  lease_until: Date | null;
  last_error: string | null;
  delivered_at: Date | null;
  history: OutboxAttempt[];
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

const toRecord = (r: OutboxRow): OutboxRecord => ({
  id: r.id,
  streamId: r.stream_id,
  eventId: r.event_id,
  channel: r.channel,
  payload: r.payload,
  status: r.status,
  availableAt: r.available_at.toISOString(),
  attempts: r.attempts,
  createdAt: r.created_at.toISOString(),
  claimedBy: r.claimed_by,
  leaseUntil: iso(r.lease_until),
  lastError: r.last_error,
  deliveredAt: iso(r.delivered_at),
  history: r.history,
});

/**
 * The outbox of `postgresStore`. Claims use `FOR UPDATE SKIP LOCKED`, so several
 * dispatchers (in several processes) share the rows without waiting on each other
 * and without taking the same row twice while a lease holds.
 */
export const pgOutbox = (pool: Pool, quotedSchema: string, ready: () => Promise<void>, schema = ''): Outbox => {
  const log = deliveryLog(pool, quotedSchema, schema, ready);
  const run = async <R extends object>(doing: string, sql: string, params: unknown[]) => {
    await ready();
    return guarded(doing, RETRY_LATER, () => pool.query<R>(sql, params));
  };

  /** A settle that changed nothing: say whether the row is missing or held by someone else. */
  const notHeld = async (id: string, worker: string): Promise<RedressError> => {
    const { rows } = await run<{ status: string }>(
      `settling outbox message ${id}`,
      `SELECT status FROM ${quotedSchema}.outbox WHERE id = $1`,
      [id],
    );
    if (rows.length === 0) return new RedressError('NOT_FOUND', `No outbox message ${id}`, { id });
    return new RedressError(
      'CONFLICT',
      `Outbox message ${id} is not held by ${worker}; it may have been claimed again after the lease ran out`,
      { id, worker },
    );
  };

  return {
    async claim({ now, limit, leaseMs, worker }) {
      const { rows } = await run<OutboxRow>(
        `claiming outbox messages for ${worker}`,
        `WITH due AS (
           SELECT id FROM ${quotedSchema}.outbox
           WHERE status = 'pending' AND available_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
           ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED)
         UPDATE ${quotedSchema}.outbox o SET claimed_by = $3, lease_until = $4, attempts = o.attempts + 1
         FROM due WHERE o.id = due.id RETURNING o.*`,
        [now, limit, worker, new Date(now.getTime() + leaseMs)],
      );
      return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map(toRecord);
    },

    async complete(id, { now, worker }) {
      const rowCount = await log.settle(
        `completing outbox message ${id}`,
        `UPDATE ${quotedSchema}.outbox SET status = 'delivered', delivered_at = $3, claimed_by = NULL, lease_until = NULL,
           history = (history::jsonb || jsonb_build_array(jsonb_build_object('attempt', attempts, 'at', $4::text, 'worker', $2::text, 'outcome', 'delivered')))::json
         WHERE id = $1 AND status = 'pending' AND claimed_by = $2
         RETURNING id, stream_id, event_id, channel, status, attempts`,
        [id, worker, now, now.toISOString()],
        now.toISOString(),
      );
      if (rowCount === 0) throw await notHeld(id, worker);
    },

    async fail(id, { now, worker, error, retryAt }) {
      // The history entry is built from text parameters, so PostgreSQL escapes it; the
      // attempt number is the row's own count. jsonb_strip_nulls drops retryAt of a dead letter.
      const rowCount = await log.settle(
        `recording a failed delivery of outbox message ${id}`,
        `UPDATE ${quotedSchema}.outbox SET status = CASE WHEN $3::timestamptz IS NULL THEN 'dead' ELSE 'pending' END,
           available_at = coalesce($3, available_at), claimed_by = NULL, lease_until = NULL, last_error = $4,
           history = (history::jsonb || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
             'attempt', attempts, 'at', $5::text, 'worker', $2::text,
             'outcome', CASE WHEN $3::timestamptz IS NULL THEN 'dead' ELSE 'retry' END,
             'error', $4::text, 'retryAt', $6::text))))::json
         WHERE id = $1 AND status = 'pending' AND claimed_by = $2
         RETURNING id, stream_id, event_id, channel, status, attempts`,
        [
          id,
          worker,
          retryAt,
          error.replaceAll('\u0000', ''),
          now.toISOString(),
          retryAt === null ? null : retryAt.toISOString(),
        ],
        now.toISOString(),
      );
      if (rowCount === 0) throw await notHeld(id, worker);
    },

    async list(filter = {}) {
      const { rows } = await run<OutboxRow>(
        'listing outbox messages',
        `SELECT * FROM ${quotedSchema}.outbox WHERE ($1::text IS NULL OR stream_id = $1) AND ($2::text IS NULL OR status = $2) ORDER BY seq`,
        [filter.streamId ?? null, filter.status ?? null],
      );
      return rows.map(toRecord);
    },

    deliveries: (): Promise<DeliveryRecord[]> => log.read(),
  };
};
