import { expect, test } from 'vitest';
import { createEngine } from '../engine/createEngine';
import { sequentialIds } from '../engine/ids';
import { memoryStore } from '../store/memoryStore';
import { businessCalendar } from '../deadlines/calendar';
import { deadlinePolicy } from '../deadlines/deadlinePolicy';
import { defineNotifications } from './defineNotifications';
import type { NotificationPayload } from './payload';

test('deadline warnings, breaches and automatic escalations recorded by tick are notified in the same append', async () => {
  const store = memoryStore();
  let now = new Date('2026-01-05T10:00:00Z');
  const notifications = defineNotifications({
    locale: 'en',
    staff: [
      { id: 'h-1', name: 'Hal', roles: ['handler'], addresses: { email: 'hal@example.com' } },
      {
        id: 's-1',
        name: 'Sue',
        roles: ['supervisor'],
        addresses: { sms: '+44 7700 900123', email: 'sue@example.com' },
      },
    ],
  });
  const engine = createEngine({
    store,
    ids: sequentialIds(),
    clock: () => now,
    outbox: notifications.outbox,
    deadlines: deadlinePolicy({
      calendar: businessCalendar({ timeZone: 'Europe/London' }),
      rules: { decide: { within: { businessDays: 2 }, escalate: true } },
    }),
  });
  const { complaintId } = await engine.execute({
    type: 'receive',
    actor: { id: 'a-1', role: 'agent' },
    channel: 'web',
    category: 'billing',
    complainant: { name: 'Ann' },
    summary: 'Charged twice',
  });
  now = new Date('2026-01-08T09:00:00Z');
  const { events } = await engine.tick();
  const rows = await store.outbox.list({ streamId: complaintId });
  const rule = (id: string) => rows.filter((r) => (r.payload as NotificationPayload).rule === id);

  const warned = rule('staff-deadline-warned');
  expect(warned.map((r) => (r.payload as NotificationPayload).to.id)).toEqual(['h-1']);
  expect(warned[0]?.eventId).toBe(events.find((e) => e.type === 'DeadlineWarned')?.id);
  const breached = rule('staff-deadline-breached');
  expect(breached.map((r) => [(r.payload as NotificationPayload).to.id, r.channel])).toEqual([
    ['h-1', 'email'],
    ['s-1', 'sms'],
  ]);
  expect((breached[1]?.payload as NotificationPayload).urgent).toBe(true);
  expect((breached[1]?.payload as NotificationPayload).text).toContain('decide');
  expect(rule('staff-escalated')).toHaveLength(1);

  // A second tick at the same time records nothing, so it notifies nothing either.
  await engine.tick();
  expect(await store.outbox.list({ streamId: complaintId })).toHaveLength(rows.length);
});
