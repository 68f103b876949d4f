import { describe, expect, test } from 'vitest';
import type { Actor } from '../domain/roles';
import { createEngine } from '../engine/createEngine';
import { sequentialIds } from '../engine/ids';
import { memoryStore } from '../store/memoryStore';
import { businessCalendar } from '../deadlines/calendar';
import { deadlinePolicy } from '../deadlines/deadlinePolicy';
import { chinaBankingRules } from '../deadlines/presets';
import { defineNotifications } from './defineNotifications';
import type { NotificationPayload } from './payload';

const agent: Actor = { id: 'agent-1', role: 'agent' };
const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };

describe('an extended deadline', () => {
  test('tells the complainant why and until when, in the same append as the extension', async () => {
    const store = memoryStore();
    const notifications = defineNotifications({ locale: 'en' });
    const engine = createEngine({
      store,
      ids: sequentialIds(),
      clock: () => new Date('2026-03-02T09:00:00Z'),
      deadlines: deadlinePolicy({
        calendar: businessCalendar({ timeZone: 'Asia/Shanghai' }),
        rules: chinaBankingRules,
      }),
      outbox: notifications.outbox,
    });
    const { complaintId } = await engine.execute({
      type: 'receive',
      actor: agent,
      channel: 'email',
      category: 'service',
      complainant: { name: 'Bo', email: 'bo@example.com' },
      summary: 'Card fee charged twice',
    });
    const r = await engine.execute({
      type: 'extendDeadline',
      complaintId,
      actor: supervisor,
      deadline: 'decide',
      reason: 'Needs the branch records',
    });
    const dueAt = (await engine.load(complaintId)).deadlines?.decide?.dueAt;
    expect(dueAt).toBeDefined();

    const rows = (await store.outbox.list({ streamId: complaintId })).filter((m) => m.eventId === r.events[0]?.id);
    expect(rows).toHaveLength(1);
    const payload = rows[0]?.payload as NotificationPayload;
    expect(payload.to.address).toBe('bo@example.com');
    expect(payload.subject).toBe(`We need more time for your complaint ${complaintId}`);
    expect(payload.text).toContain('Needs the branch records');
    expect(payload.text).toContain(`The new deadline is ${dueAt}`);
  });
});
