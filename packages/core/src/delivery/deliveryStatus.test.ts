import { describe, expect, test } from 'vitest';
import { createEngine } from '../engine/createEngine';
import { memoryStore } from '../store/memoryStore';
import { delivered, permanentFailure, transientFailure, type DeliveryChannel } from './channel';
import { defineNotifications } from '../notifications/defineNotifications';
import { createDispatcher } from './dispatcher';
import { deliveryStatus } from './deliveryStatus';

describe('deliveryStatus', () => {
  test('shows each notification of a complaint with its state, attempts and reason, linked to its event', async () => {
    const store = memoryStore();
    const staff = [
      { id: 'sup-1', name: 'Li', roles: ['supervisor'], addresses: { sms: '+86 138 0000 0001' } },
      { id: 'sup-2', roles: ['supervisor'], addresses: {} },
    ];
    const engine = createEngine({ store, outbox: defineNotifications({ staff, locale: 'en' }).outbox });
    const { complaintId } = await engine.execute({
      type: 'receive',
      actor: { id: 'a', role: 'agent' },
      channel: 'web',
      category: 'service',
      complainant: { name: 'Ann', email: 'ann@example.com' },
      summary: 'Rude staff',
    });
    await engine.execute({
      type: 'escalate',
      complaintId,
      actor: { id: 'a', role: 'agent' },
      reason: 'Asked for a manager',
    });
    const email: DeliveryChannel = { name: 'email', send: async () => delivered() };
    const sms: DeliveryChannel = { name: 'sms', send: async () => transientFailure('gateway busy') };
    await createDispatcher({ store, channels: [email, sms] }).runOnce();

    const status = await deliveryStatus(store, complaintId);
    const events = await engine.history(complaintId);
    expect(status).toHaveLength(3);
    const [ack, toLi, toSup2] = status;
    expect(ack).toMatchObject({
      state: 'delivered',
      channel: 'email',
      recipient: 'complainant',
      rule: 'acknowledgement',
      attempts: 1,
    });
    expect(events.some((e) => e.id === ack?.eventId && e.type === 'ComplaintAcknowledged')).toBe(true);
    expect(toLi).toMatchObject({ state: 'retrying', channel: 'sms', recipient: 'sup-1' });
    expect(toLi?.summary).toMatch(/will retry at .*gateway busy/);
    expect(toLi?.nextAttemptAt).not.toBeNull();
    expect(toSup2?.state).toBe('dead');
    expect(toSup2?.summary).toMatch(/dead letter.*Staff member "sup-2" has no email address or phone number/);
    // A status is shown in reports: no name, no address, no phone number.
    for (const value of ['ann@example.com', 'Ann', 'Li', '0000 0001'])
      expect(JSON.stringify(status)).not.toContain(value);
    expect(await deliveryStatus(store, 'C-none')).toEqual([]);
  });

  test('shows every attempt of a message: the failed one with its error and retry time, then the delivery', async () => {
    const store = memoryStore();
    const engine = createEngine({ store, outbox: defineNotifications().outbox });
    const { complaintId } = await engine.execute({
      type: 'receive',
      actor: { id: 'a', role: 'agent' },
      channel: 'web',
      category: 'service',
      complainant: { name: 'Ann', email: 'ann@example.com' },
      summary: 'Late delivery',
    });
    let now = new Date(Date.now() + 1_000);
    let calls = 0;
    const email: DeliveryChannel = {
      name: 'email',
      send: async () => (++calls === 1 ? transientFailure('421 try later') : delivered()),
    };
    const dispatcher = createDispatcher({ store, channels: [email], clock: () => now, worker: 'd-1' });
    await dispatcher.runOnce();
    const [retrying] = await deliveryStatus(store, complaintId, now);
    expect(retrying?.history).toEqual([
      {
        attempt: 1,
        at: now.toISOString(),
        worker: 'd-1',
        outcome: 'retry',
        error: expect.stringContaining('421 try later'),
        retryAt: retrying?.nextAttemptAt,
      },
    ]);
    const first = now;
    now = new Date(now.getTime() + 3_600_000);
    await dispatcher.runOnce();
    const [done] = await deliveryStatus(store, complaintId, now);
    expect(done?.state).toBe('delivered');
    expect(done?.history.map((h) => [h.attempt, h.outcome, h.at])).toEqual([
      [1, 'retry', first.toISOString()],
      [2, 'delivered', now.toISOString()],
    ]);
  });

  test("a permanent failure shows as dead with the channel's reason", async () => {
    const store = memoryStore();
    const engine = createEngine({ store, outbox: defineNotifications().outbox });
    const { complaintId } = await engine.execute({
      type: 'receive',
      actor: { id: 'a', role: 'agent' },
      channel: 'web',
      category: 'service',
      complainant: { name: 'Ann', email: 'ann@example.com' },
      summary: 'Late delivery',
    });
    await createDispatcher({
      store,
      channels: [{ name: 'email', send: async () => permanentFailure('550 mailbox unavailable') }],
    }).runOnce();
    const [s] = await deliveryStatus(store, complaintId);
    expect(s?.state).toBe('dead');
    expect(s?.lastError).toContain('550 mailbox unavailable');
  });
});
