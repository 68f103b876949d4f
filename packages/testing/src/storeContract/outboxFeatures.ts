import type { OutboxMessage } from '@redress/core';
import { describe, expect, test } from 'vitest';
import { expectRedressError, type storeContext } from './storeContext';
import { testEvents, uniqueStreamId } from './testEvents';

type Ctx = ReturnType<typeof storeContext>;

/** A time safely after any row's default availableAt (the append time). */
const later = (ms = 0) => new Date(Date.now() + 60_000 + ms);

/** Outbox claim, complete and fail with retry time, dead letters and leases. */
export const outboxFeatures = (ctx: Ctx) => {
  const seed = async (count: number, extra: Partial<OutboxMessage> = {}) => {
    const id = uniqueStreamId();
    const events = testEvents(id, 1);
    const outbox = Array.from({ length: count }, (_, i) => ({
      id: `${id}-m${i}`,
      streamId: id,
      eventId: events[0]!.id,
      channel: i % 2 === 0 ? 'email' : 'webhook',
      payload: { n: i, text: '您好' },
      ...extra,
    }));
    await ctx.store.append(id, events, { expectedVersion: 0, outbox });
    return { id, ids: outbox.map((m) => m.id) };
  };

  describe('outbox', () => {
    test('claim takes due rows in creation order, up to the limit, and counts the attempt', async () => {
      const { ids } = await seed(5);
      const now = later();
      const taken = await ctx.store.outbox.claim({ now, limit: 3, leaseMs: 30_000, worker: 'w1' });
      expect(taken.map((r) => r.id)).toEqual(ids.slice(0, 3));
      expect(taken.every((r) => r.claimedBy === 'w1' && r.attempts === 1)).toBe(true);
      expect(taken[0]!.leaseUntil).toBe(new Date(now.getTime() + 30_000).toISOString());
      expect(taken[1]!.payload).toEqual({ n: 1, text: '您好' });
      const rest = await ctx.store.outbox.claim({ now, limit: 10, leaseMs: 30_000, worker: 'w2' });
      expect(rest.map((r) => r.id)).toEqual(ids.slice(3));
      expect(await ctx.store.outbox.claim({ now, limit: 10, leaseMs: 30_000, worker: 'w3' })).toEqual([]);
    });

    test('a delivery and a dead letter each append a delivery record, in settling order; a retry appends none', async () => {
      const { id, ids } = await seed(3);
      const now = later();
      await ctx.store.outbox.claim({ now, limit: 3, leaseMs: 30_000, worker: 'w' });
      await ctx.store.outbox.fail(ids[2]!, { now, worker: 'w', error: 'gone', retryAt: null });
      await ctx.store.outbox.fail(ids[1]!, { now, worker: 'w', error: 'busy', retryAt: later(5_000) });
      await ctx.store.outbox.complete(ids[0]!, { now, worker: 'w' });
      const records = ((await ctx.store.outbox.deliveries?.()) ?? []).filter((r) => r.streamId === id);
      expect(records.map((r) => [r.outboxId, r.outcome, r.attempt, r.at])).toEqual([
        [ids[2], 'dead', 1, now.toISOString()],
        [ids[0], 'delivered', 1, now.toISOString()],
      ]);
      expect(records[1]!.seq).toBeGreaterThan(records[0]!.seq);
    });

    test('a row is not claimed before its availableAt', async () => {
      const at = later(3_600_000);
      const { ids } = await seed(1, { availableAt: at.toISOString() });
      expect(await ctx.store.outbox.claim({ now: later(), limit: 5, leaseMs: 1000, worker: 'w' })).toEqual([]);
      const taken = await ctx.store.outbox.claim({ now: at, limit: 5, leaseMs: 1000, worker: 'w' });
      expect(taken.map((r) => r.id)).toEqual(ids);
    });

    test('complete marks the row delivered and it is not claimed again', async () => {
      const { id, ids } = await seed(2);
      const now = later();
      await ctx.store.outbox.claim({ now, limit: 1, leaseMs: 1000, worker: 'w' });
      await ctx.store.outbox.complete(ids[0]!, { now, worker: 'w' });
      const [done] = await ctx.store.outbox.list({ streamId: id, status: 'delivered' });
      expect(done).toMatchObject({ id: ids[0], status: 'delivered', deliveredAt: now.toISOString(), claimedBy: null });
      const next = await ctx.store.outbox.claim({ now: later(10_000), limit: 5, leaseMs: 1000, worker: 'w' });
      expect(next.map((r) => r.id)).toEqual([ids[1]]);
    });

    test('fail with a retry time makes the row due again at that time, with the error kept', async () => {
      const { ids } = await seed(1);
      const now = later();
      await ctx.store.outbox.claim({ now, limit: 1, leaseMs: 1000, worker: 'w' });
      const retryAt = later(5_000);
      await ctx.store.outbox.fail(ids[0]!, { now, worker: 'w', error: 'HTTP 503 服务不可用', retryAt });
      const [row] = await ctx.store.outbox.list({ status: 'pending' });
      expect(row).toMatchObject({
        status: 'pending',
        availableAt: retryAt.toISOString(),
        lastError: 'HTTP 503 服务不可用',
        claimedBy: null,
      });
      expect(await ctx.store.outbox.claim({ now: later(4_000), limit: 1, leaseMs: 1000, worker: 'w' })).toEqual([]);
      const again = await ctx.store.outbox.claim({ now: retryAt, limit: 1, leaseMs: 1000, worker: 'w2' });
      expect(again.map((r) => [r.id, r.attempts])).toEqual([[ids[0], 2]]);
    });

    test('fail without a retry time dead-letters the row', async () => {
      const { ids } = await seed(1);
      const now = later();
      await ctx.store.outbox.claim({ now, limit: 1, leaseMs: 1000, worker: 'w' });
      await ctx.store.outbox.fail(ids[0]!, { now, worker: 'w', error: 'address rejected', retryAt: null });
      const dead = await ctx.store.outbox.list({ status: 'dead' });
      expect(dead.map((r) => [r.id, r.lastError])).toEqual([[ids[0], 'address rejected']]);
      expect(await ctx.store.outbox.claim({ now: later(86_400_000), limit: 5, leaseMs: 1000, worker: 'w' })).toEqual(
        [],
      );
    });

    test('each settled attempt is appended to the history: a retry with its error and time, then the delivery', async () => {
      const { id, ids } = await seed(1);
      const t1 = later();
      await ctx.store.outbox.claim({ now: t1, limit: 1, leaseMs: 1000, worker: 'w1' });
      const retryAt = later(5_000);
      await ctx.store.outbox.fail(ids[0]!, { now: t1, worker: 'w1', error: 'HTTP 503 "busy" 服务不可用', retryAt });
      const [retrying] = await ctx.store.outbox.list({ streamId: id });
      expect(retrying?.history).toEqual([
        {
          attempt: 1,
          at: t1.toISOString(),
          worker: 'w1',
          outcome: 'retry',
          error: 'HTTP 503 "busy" 服务不可用',
          retryAt: retryAt.toISOString(),
        },
      ]);
      const [again] = await ctx.store.outbox.claim({ now: retryAt, limit: 1, leaseMs: 1000, worker: 'w2' });
      expect(again?.history).toHaveLength(1);
      const t2 = later(6_000);
      await ctx.store.outbox.complete(ids[0]!, { now: t2, worker: 'w2' });
      const [done] = await ctx.store.outbox.list({ streamId: id });
      expect(done?.history.map((h) => [h.attempt, h.outcome, h.worker])).toEqual([
        [1, 'retry', 'w1'],
        [2, 'delivered', 'w2'],
      ]);
      expect(done?.history[1]).toEqual({ attempt: 2, at: t2.toISOString(), worker: 'w2', outcome: 'delivered' });
    });

    test('a dead letter ends its history with the reason and no retry time', async () => {
      const { id, ids } = await seed(1);
      const now = later();
      await ctx.store.outbox.claim({ now, limit: 1, leaseMs: 1000, worker: 'w' });
      await ctx.store.outbox.fail(ids[0]!, { now, worker: 'w', error: 'address rejected', retryAt: null });
      const [dead] = await ctx.store.outbox.list({ streamId: id });
      expect(dead?.history).toEqual([
        { attempt: 1, at: now.toISOString(), worker: 'w', outcome: 'dead', error: 'address rejected' },
      ]);
    });

    test('an expired lease makes a claimed row claimable again; the old holder can no longer settle it', async () => {
      const { ids } = await seed(1);
      const t0 = later();
      await ctx.store.outbox.claim({ now: t0, limit: 1, leaseMs: 1_000, worker: 'slow' });
      const during = new Date(t0.getTime() + 500);
      expect(await ctx.store.outbox.claim({ now: during, limit: 1, leaseMs: 1_000, worker: 'fast' })).toEqual([]);
      const after = new Date(t0.getTime() + 1_500);
      const retaken = await ctx.store.outbox.claim({ now: after, limit: 1, leaseMs: 1_000, worker: 'fast' });
      expect(retaken.map((r) => [r.id, r.claimedBy, r.attempts])).toEqual([[ids[0], 'fast', 2]]);
      await expectRedressError(ctx.store.outbox.complete(ids[0]!, { now: after, worker: 'slow' }), 'CONFLICT');
      await ctx.store.outbox.complete(ids[0]!, { now: after, worker: 'fast' });
      expect((await ctx.store.outbox.list({ status: 'delivered' })).map((r) => r.id)).toEqual(ids);
    });

    test('settling a row nobody claimed, or one that does not exist, fails clearly', async () => {
      const { ids } = await seed(1);
      const now = later();
      await expectRedressError(ctx.store.outbox.complete(ids[0]!, { now, worker: 'w' }), 'CONFLICT');
      await expectRedressError(
        ctx.store.outbox.fail('no-such-message', { now, worker: 'w', error: 'x', retryAt: null }),
        'NOT_FOUND',
      );
      expect((await ctx.store.outbox.list({ status: 'pending' })).map((r) => r.id)).toEqual(ids);
    });

    test('list filters by stream and status, in creation order', async () => {
      const a = await seed(2);
      const b = await seed(3);
      expect((await ctx.store.outbox.list({ streamId: b.id })).map((r) => r.id)).toEqual(b.ids);
      expect((await ctx.store.outbox.list()).map((r) => r.id)).toEqual([...a.ids, ...b.ids]);
      expect(await ctx.store.outbox.list({ status: 'delivered' })).toEqual([]);
      const [row] = await ctx.store.outbox.list({ streamId: a.id });
      expect(row).toMatchObject({
        streamId: a.id,
        channel: 'email',
        status: 'pending',
        attempts: 0,
        lastError: null,
        deliveredAt: null,
        history: [],
      });
    });
  });
};
