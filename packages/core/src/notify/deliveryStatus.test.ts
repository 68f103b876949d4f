import { describe, expect, test } from 'vitest';
import { createEngine } from '../engine/createEngine';
import { memoryStore } from '../store/memoryStore';
import { delivered, permanentFailure, transientFailure, type DeliveryChannel } from './channel';
import { defineNotifications } from './defineNotifications';
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
      type: 'receive', actor: { id: 'a', role: 'agent' }, channel: 'web', category: 'service',
      complainant: { name: 'Ann', email: 'ann@example.com' }, summary: 'Rude staff',
    });
    await engine.execute({ type: 'escalate', complaintId, actor: { id: 'a', role: 'agent' }, reason: 'Asked for a manager' });
    const email: DeliveryChannel = { name: 'email', send: async () => delivered() };
    const sms: DeliveryChannel = { name: 'sms', send: async () => transientFailure('gateway busy') };
    await createDispatcher({ store, channels: [email, sms] }).runOnce();

    const status = await deliveryStatus(store, complaintId);
    const events = await engine.history(complaintId);
    expect(status).toHaveLength(3);
    const [ack, toLi, toSup2] = status;
    expect(ack).toMatchObject({ state: 'delivered', channel: 'email', recipient: 'complainant (Ann)', rule: 'acknowledgement', attempts: 1 });
    expect(events.some((e) => e.id === ack?.eventId && e.type === 'ComplaintAcknowledged')).toBe(true);
    expect(toLi).toMatchObject({ state: 'retrying', channel: 'sms', recipient: 'sup-1 (Li)' });
    expect(toLi?.summary).toMatch(/will retry at .*gateway busy/);
    expect(toLi?.nextAttemptAt).not.toBeNull();
    expect(toSup2?.state).toBe('dead');
    expect(toSup2?.summary).toMatch(/dead letter.*has no email or sms address/);
    expect(JSON.stringify(status)).not.toContain('ann@example.com');
    expect(await deliveryStatus(store, 'C-none')).toEqual([]);
  });

  test('a permanent failure shows as dead with the channel\'s reason', async () => {
    const store = memoryStore();
    const engine = createEngine({ store, outbox: defineNotifications().outbox });
    const { complaintId } = await engine.execute({
      type: 'receive', actor: { id: 'a', role: 'agent' }, channel: 'web', category: 'service',
      complainant: { name: 'Ann', email: 'ann@example.com' }, summary: 'Late delivery',
    });
    await createDispatcher({ store, channels: [{ name: 'email', send: async () => permanentFailure('550 mailbox unavailable') }] }).runOnce();
    const [s] = await deliveryStatus(store, complaintId);
    expect(s?.state).toBe('dead');
    expect(s?.lastError).toContain('550 mailbox unavailable');
  });
});
