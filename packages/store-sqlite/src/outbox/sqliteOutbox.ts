import {
  RedressError,
  type DeliveryRecord,
  type Outbox,
  type OutboxAttempt,
  type OutboxRecord,
  type OutboxStatus,
} from '@redress/core';
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
 * The outbox's writes on one connection, each inside a transaction the caller
 * holds (an IMMEDIATE one of its own, or a savepoint of a group commit), so two
 * processes never take the same row under one lease. ISO times in UTC compare
 * as text, so due rows are found with an index on (status, available_at).
 */
export const outboxWrites = (db: Database.Database) => {
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

  // The delivery records' log, made by the first settle that needs it (a write transaction):
  // additive, so files of earlier releases get it, and releases that do not know it leave it be.
  // Made again (a no-op) at every settle: a transaction that made it may have been rolled back.
  let recordStatement: Database.Statement | undefined;
  const recordDelivery = (row: OutboxRow, outcome: DeliveryRecord['outcome'], at: string) => {
    db.exec(DELIVERIES_DDL);
    recordStatement ??= db.prepare(
      'INSERT INTO deliveries (outbox_id, stream_id, event_id, channel, outcome, attempt, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    recordStatement.run(row.id, row.stream_id, row.event_id, row.channel, outcome, row.attempts, at);
  };

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

  return {
    claim: (at: string, leaseUntil: string, limit: number, worker: string): OutboxRecord[] =>
      due.all(at, at, limit).map((row) => {
        take.run(worker, leaseUntil, row.id);
        return toRecord({ ...row, claimed_by: worker, lease_until: leaseUntil, attempts: row.attempts + 1 });
      }),
    complete: (id: string, at: string, worker: string): void => {
      const row = held(id, worker);
      const entry: OutboxAttempt = { attempt: row.attempts, at, worker, outcome: 'delivered' };
      deliver.run(at, JSON.stringify(entry), id);
      recordDelivery(row, 'delivered', at);
    },
    fail: (id: string, at: string, worker: string, error: string, retryAt: string | null): void => {
      const row = held(id, worker);
      const entry: OutboxAttempt =
        retryAt === null
          ? { attempt: row.attempts, at, worker, outcome: 'dead', error }
          : { attempt: row.attempts, at, worker, outcome: 'retry', error, retryAt };
      failed.run(retryAt === null ? 'dead' : 'pending', retryAt ?? row.available_at, error, JSON.stringify(entry), id);
      if (retryAt === null) recordDelivery(row, 'dead', at);
    },
  };
};

/** The outbox's writes as the store's writer runs them: by name, with their arguments. */
export type OutboxWrites = ReturnType<typeof outboxWrites>;

/** The arguments of a claim, checked, as the writer takes them: at, lease until, limit, worker. */
export const claimArgs = ({
  now,
  limit,
  leaseMs,
  worker,
}: Parameters<Outbox['claim']>[0]): [at: string, leaseUntil: string, limit: number, worker: string] => {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RedressError('VALIDATION', `claim limit must be a whole number ≥ 1, got ${String(limit)}`);
  return [now.toISOString(), new Date(now.getTime() + leaseMs).toISOString(), limit, worker];
};

/**
 * The table of delivery records: one row a settled delivery, `seq` in
 * settling order (SQLite's one writer at a time gives them in commit order).
 *
 * @example
 * db.exec(DELIVERIES_DDL);
 */
export const DELIVERIES_DDL = `CREATE TABLE IF NOT EXISTS deliveries (
  seq       INTEGER PRIMARY KEY,
  outbox_id TEXT    NOT NULL,
  stream_id TEXT    NOT NULL,
  event_id  TEXT    NOT NULL,
  channel   TEXT    NOT NULL,
  outcome   TEXT    NOT NULL,
  attempt   INTEGER NOT NULL,
  at        TEXT    NOT NULL
)`;

/**
 * Every delivery record of the file, in settling order; none in a file without the table.
 *
 * @example
 * const records = readDeliveries(db);
 */
export const readDeliveries = (db: Database.Database): DeliveryRecord[] => {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'deliveries'").get();
  if (exists === undefined) return [];
  return db
    .prepare<[], DeliveryRecord>(
      'SELECT seq, outbox_id AS outboxId, stream_id AS streamId, event_id AS eventId, channel, outcome, attempt, at FROM deliveries ORDER BY seq',
    )
    .all();
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
