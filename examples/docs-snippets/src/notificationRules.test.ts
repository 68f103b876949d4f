import { createEngine, memoryStore, type Notifications, type NotificationPayload } from '@redress/core';
import { exampleLifecycle, exampleActors } from '@redress/testing';
import { describe, expect, test } from 'vitest';
import { laterSurvey, plainRejection } from './notificationRules';

const start = new Date('2026-03-01T08:00:00.000Z');

/** An engine on a memory store whose clock moves a minute per command, and its outbox rows. */
const engineWith = (notifications: Notifications) => {
  let minutes = 0;
  const store = memoryStore();
  const engine = createEngine({
    store,
    outbox: notifications.outbox,
    clock: () => new Date(start.getTime() + 60_000 * minutes++),
  });
  const rows = async (complaintId: string) =>
    (await store.outbox.list({ streamId: complaintId })).map((r) => ({
      ...r,
      payload: r.payload as NotificationPayload,
    }));
  return { engine, rows };
};

describe('docs/notifications.md', () => {
  test('rules as a function of the defaults: the survey goes by SMS three days after the review, and only so', async () => {
    const { engine, rows } = engineWith(laterSurvey);
    for (const command of exampleLifecycle('C-1').slice(0, -1)) await engine.execute(command);
    const reviewed = (await engine.history('C-1')).find((e) => e.type === 'ComplaintReviewed');
    const surveys = (await rows('C-1')).filter((r) => r.eventId === reviewed?.id);
    expect(surveys.map((r) => [r.payload.rule, r.channel, r.payload.to.address])).toEqual([
      ['survey-later', 'sms', '+86 138 0000 0000'],
    ]);
    expect(Date.parse(surveys[0]?.availableAt ?? '') - Date.parse(reviewed?.occurredAt ?? '')).toBe(3 * 86_400_000);
  });

  test('a template overridden for one id and locale; the others stay', async () => {
    const { engine, rows } = engineWith(plainRejection);
    await engine.execute({
      type: 'receive',
      complaintId: 'C-2',
      actor: exampleActors.agent,
      channel: 'email',
      category: 'quality',
      complainant: { name: 'Ann Lee', email: 'ann@example.com' },
      summary: 'The kettle leaks',
    });
    await engine.execute({
      type: 'reject',
      complaintId: 'C-2',
      actor: exampleActors.handler,
      reason: 'the kettle was bought elsewhere',
    });
    const [acknowledged, rejected] = (await rows('C-2')).map((r) => r.payload);
    expect(acknowledged?.subject).toBe('We have received your complaint (C-2)');
    expect(rejected).toMatchObject({
      rule: 'decision-rejected',
      subject: 'About your complaint C-2',
      text: 'We cannot help because: the kettle was bought elsewhere',
      html: '<p>We cannot help because: the kettle was bought elsewhere</p>',
    });
  });
});
