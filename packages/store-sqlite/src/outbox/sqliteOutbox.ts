import { RedressError, type Outbox, type OutboxAttempt, type OutboxRecord, type OutboxStatus } from '@redress/core';
import type Database from 'better-sqlite3';

interface OutboxRow {
  id: string;
  stream_id: string;
  event_id: string;
  channel: string;
  payload: string;
  status: OutboxStatus;
  available_at: string;
  attempts: number;
  created_at: string;
  claimed_by: string | null;
  lease_until: string | null;
  last_error: string | null;
  delivered_at: string | null;
  /** Absent in a file written before the column existed that was not opened for writing since. */
  history: string | undefined;
}

const payloadOf = (r: OutboxRow): unknown => {
  try {
    return JSON.parse(r.payload) as unknown;
  } catch (error) {
    throw new RedressError(
      'TAMPERED',
      `The payload of outbox message ${r.id} is not valid JSON; the file does not hold what Redress wrote`,
      { outboxId: r.id },
      { cause: error },
    );
  }
};

const historyOf = (r: OutboxRow): OutboxAttempt[] => {
  // No column at all: a file written before it existed, read without being opened
  // for writing (which would add it), so no attempt was ever recorded in it.
  if (r.history === undefined) return [];
  try {
    const history = JSON.parse(r.history) as unknown;
    if (Array.isArray(history)) return history as OutboxAttempt[];
  } catch (error) {
    throw new RedressError(
      'TAMPERED',
      `The attempt history of outbox message ${r.id} is not valid JSON; the file does not hold what Redress wrote`,
      { outboxId: r.id },
      { cause: error },
    );
  }
  throw new RedressError(
    'TAMPERED',
    `The attempt history of outbox message ${r.id} is not a JSON array; the file does not hold what Redress wrote`,
    { outboxId: r.id },
  );
};

const toRecord = (r: OutboxRow): OutboxRecord => ({
  id: r.id,
  streamId: r.stream_id,
  eventId: r.event_id,
  channel: r.channel,
  payload: payloadOf(r),
  status: r.status,
  availableAt: r.available_at,
  attempts: r.attempts,
  createdAt: r.created_at,
  claimedBy: r.claimed_by,
  leaseUntil: r.lease_until,
  lastError: r.last_error,
  deliveredAt: r.delivered_at,
  history: historyOf(r),
});

/**
 * The outbox on the `outbox` table. ISO times in UTC compare as text, so due rows
 * are found with an index on (status, available_at). Claims run in IMMEDIATE
 * transactions, so two processes never take the same row under one lease.
 */
export const sqliteOutbox = (db: Database.Database): Outbox => {
  const due = db.prepare<[string, string, number], OutboxRow>(
    `SELECT * FROM outbox WHERE status = 'pending' AND available_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
     ORDER BY seq LIMIT ?`,
  );
  const take = db.prepare('UPDATE outbox SET claimed_by = ?, lease_until = ?, attempts = attempts + 1 WHERE id = ?');
  const one = db.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE id = ?');
  // The attempt is appended to `history` in the same UPDATE that settles the row.
  const deliver = db.prepare(
    "UPDATE outbox SET status = 'delivered', delivered_at = ?, claimed_by = NULL, lease_until = NULL, history = json_insert(history, '$[#]', json(?)) WHERE id = ?",
  );
  const failed = db.prepare(
    "UPDATE outbox SET status = ?, available_at = ?, claimed_by = NULL, lease_until = NULL, last_error = ?, history = json_insert(history, '$[#]', json(?)) WHERE id = ?",
  );

  const held = (id: string, worker: string): OutboxRow => {
    const row = one.get(id);
    if (row === undefined) throw new RedressError('NOT_FOUND', `No outbox message ${id}`, { outboxId: id });
    if (row.status !== 'pending' || row.claimed_by !== worker) {
      throw new RedressError(
        'CONFLICT',
        `Outbox message ${id} is not held by ${worker}; it may have been claimed again after the lease ran out`,
        {
          outboxId: id,
          claimedBy: row.claimed_by,
          status: row.status,
        },
      );
    }
    return row;
  };

  const claim = db.transaction((at: string, leaseUntil: string, limit: number, worker: string) =>
    due.all(at, at, limit).map((row) => {
      take.run(worker, leaseUntil, row.id);
      return toRecord({ ...row, claimed_by: worker, lease_until: leaseUntil, attempts: row.attempts + 1 });
    }),
  );
  const complete = db.transaction((id: string, at: string, worker: string) => {
    const row = held(id, worker);
    const entry: OutboxAttempt = { attempt: row.attempts, at, worker, outcome: 'delivered' };
    deliver.run(at, JSON.stringify(entry), id);
  });
  const fail = db.transaction((id: string, at: string, worker: string, error: string, retryAt: string | null) => {
    const row = held(id, worker);
    const entry: OutboxAttempt =
      retryAt === null
        ? { attempt: row.attempts, at, worker, outcome: 'dead', error }
        : { attempt: row.attempts, at, worker, outcome: 'retry', error, retryAt };
    failed.run(retryAt === null ? 'dead' : 'pending', retryAt ?? row.available_at, error, JSON.stringify(entry), id);
  });

  return {
    async claim({ now, limit, leaseMs, worker }) {
      if (!Number.isInteger(limit) || limit < 1)
        throw new RedressError('VALIDATION', `claim limit must be a whole number ≥ 1, got ${String(limit)}`);
      return claim.immediate(now.toISOString(), new Date(now.getTime() + leaseMs).toISOString(), limit, worker);
    },
    async complete(id, { now, worker }) {
      complete.immediate(id, now.toISOString(), worker);
    },
    async fail(id, { now, worker, error, retryAt }) {
      fail.immediate(id, now.toISOString(), worker, error, retryAt === null ? null : retryAt.toISOString());
    },
    async list(filter = {}) {
      return readOutbox(db, filter);
    },
  };
};

/**
 * The outbox rows of an open store file, optionally of one stream or status, in
 * creation order: what the store's `outbox.list` returns, read on any connection
 * to the file, a read-only one included (an archived copy that may not be
 * written, say). Rows that do not hold what Redress wrote are `TAMPERED`.
 *
 * @example
 * const db = new Database('complaints.db', { readonly: true });
 * const sent = readOutbox(db, { streamId: 'C-1', status: 'delivered' });
 */
export const readOutbox = (db: Database.Database, filter: Parameters<Outbox['list']>[0] = {}): OutboxRecord[] => {
  const where: string[] = [];
  const args: string[] = [];
  if (filter.streamId !== undefined) {
    where.push('stream_id = ?');
    args.push(filter.streamId);
  }
  if (filter.status !== undefined) {
    where.push('status = ?');
    args.push(filter.status);
  }
  const sql = `SELECT * FROM outbox ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`} ORDER BY seq`;
  return (db.prepare(sql).all(...args) as OutboxRow[]).map(toRecord);
};
