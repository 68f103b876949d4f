import { RedressError } from '../errors/redressError';
import type { DeliveryRecord, Outbox, OutboxAttempt, OutboxMessage, OutboxRecord } from './eventStore';

/** The memory store's outbox: rows in insertion order, leases by time. */
export const memoryOutbox = () => {
  const rows = new Map<string, OutboxRecord>();

  const held = (id: string, worker: string): OutboxRecord => {
    const row = rows.get(id);
    if (row === undefined) throw new RedressError('NOT_FOUND', `No outbox message ${id}`);
    if (row.status !== 'pending' || row.claimedBy !== worker) {
      throw new RedressError(
        'CONFLICT',
        `Outbox message ${id} is not held by ${worker}; it may have been claimed again after the lease ran out`,
      );
    }
    return row;
  };

  const prepare = (m: OutboxMessage, now: string): OutboxRecord => {
    if (rows.has(m.id)) throw new RedressError('CONFLICT', `Outbox message ${m.id} already exists`);
    return {
      ...m,
      payload: structuredClone(m.payload),
      status: 'pending',
      availableAt: m.availableAt ?? now,
      attempts: 0,
      createdAt: now,
      claimedBy: null,
      leaseUntil: null,
      lastError: null,
      deliveredAt: null,
      history: [],
    };
  };

  const settled: DeliveryRecord[] = [];
  const record = (row: OutboxRecord, outcome: DeliveryRecord['outcome'], at: string) =>
    settled.push({
      seq: settled.length + 1,
      outboxId: row.id,
      streamId: row.streamId,
      eventId: row.eventId,
      channel: row.channel,
      outcome,
      attempt: row.attempts,
      at,
    });
  const port: Outbox = {
    async claim({ now, limit, leaseMs, worker }) {
      const at = now.toISOString();
      const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
      const taken: OutboxRecord[] = [];
      for (const row of rows.values()) {
        if (taken.length >= limit) break;
        if (row.status !== 'pending' || row.availableAt > at) continue;
        if (row.leaseUntil !== null && row.leaseUntil > at) continue;
        const next = { ...row, claimedBy: worker, leaseUntil, attempts: row.attempts + 1 };
        rows.set(row.id, next);
        taken.push(next);
      }
      return taken;
    },
    async complete(id, { now, worker }) {
      const row = held(id, worker);
      const entry: OutboxAttempt = { attempt: row.attempts, at: now.toISOString(), worker, outcome: 'delivered' };
      rows.set(id, {
        ...row,
        status: 'delivered',
        deliveredAt: now.toISOString(),
        claimedBy: null,
        leaseUntil: null,
        history: [...row.history, entry],
      });
      record(row, 'delivered', entry.at);
    },
    async fail(id, { now, worker, error, retryAt }) {
      const row = held(id, worker);
      const entry: OutboxAttempt =
        retryAt === null
          ? { attempt: row.attempts, at: now.toISOString(), worker, outcome: 'dead', error }
          : {
              attempt: row.attempts,
              at: now.toISOString(),
              worker,
              outcome: 'retry',
              error,
              retryAt: retryAt.toISOString(),
            };
      rows.set(id, {
        ...row,
        status: retryAt === null ? 'dead' : 'pending',
        availableAt: retryAt === null ? row.availableAt : retryAt.toISOString(),
        claimedBy: null,
        leaseUntil: null,
        lastError: error,
        history: [...row.history, entry],
      });
      if (retryAt === null) record(row, 'dead', entry.at);
    },
    deliveries: async () => [...settled],
    async list(filter = {}) {
      return [...rows.values()].filter(
        (r) =>
          (filter.streamId === undefined || r.streamId === filter.streamId) &&
          (filter.status === undefined || r.status === filter.status),
      );
    },
  };

  return {
    port,
    prepare,
    insert(records: readonly OutboxRecord[]) {
      for (const r of records) rows.set(r.id, r);
    },
  };
};
