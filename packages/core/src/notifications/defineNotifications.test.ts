import { describe, expect, test } from 'vitest';
import { createEngine } from '../engine/createEngine';
import { sequentialIds } from '../engine/ids';
import { memoryStore } from '../store/memoryStore';
import type { RecordedEvent } from '../domain/envelope';
import type { OutboxRecord } from '../store/eventStore';
import { defineNotifications, type NotificationOptions } from './defineNotifications';
import type { InvalidNotificationPayload, NotificationPayload } from './payload';
import type { StaffMember } from './recipients';

const agent = { id: 'agent-7', role: 'agent' } as const;
const handler = { id: 'handler-1', role: 'handler' } as const;
const qc = { id: 'qc-1', role: 'department', department: 'quality-control' } as const;
const supervisor = { id: 'sup-1', role: 'supervisor' } as const;

const staff: StaffMember[] = [
  {
    id: 'qc-lead',
    name: '张工',
    roles: ['department'],
    department: 'quality-control',
    addresses: { email: 'zhang@example.com' },
  },
  {
    id: 'sup-1',
    name: 'Li',
    locale: 'en',
    roles: ['supervisor'],
    addresses: { email: 'li@example.com', sms: '+86 138 0000 0001' },
  },
  { id: 'handler-1', name: '王', roles: ['handler'], addresses: { sms: '+86 138 0000 0002' } },
];

const setup = (options: NotificationOptions = { staff }) => {
  const store = memoryStore();
  const notifications = defineNotifications(options);
  const engine = createEngine({
    store,
    ids: sequentialIds(),
    clock: () => new Date('2026-03-01T08:00:00Z'),
    outbox: notifications.outbox,
  });
  return { store, engine, notifications };
};

const receive = (
  engine: ReturnType<typeof setup>['engine'],
  complainant: Record<string, string> = { name: '王芳', email: 'wang@example.com', phone: '+86 138 0000 0000' },
) =>
  engine.execute({
    type: 'receive',
    actor: agent,
    channel: 'phone',
    category: 'quality',
    complainant: complainant as { name: string },
    summary: 'Kettle leaks',
  });

const byRule = (rows: OutboxRecord[], rule: string) =>
  rows.filter((r) => (r.payload as { rule: string }).rule === rule);
const ready = (row: OutboxRecord | undefined) => row?.payload as NotificationPayload;
const invalid = (row: OutboxRecord | undefined) => row?.payload as InvalidNotificationPayload;

describe('defineNotifications', () => {
  test('the whole procedure tells the complainant and staff at each fixed point', async () => {
    const { engine, store } = setup();
    const { complaintId } = await receive(engine);
    await engine.execute({
      type: 'accept',
      complaintId,
      actor: handler,
      department: 'quality-control',
      priority: 'high',
    });
    await engine.execute({
      type: 'recordInvestigation',
      complaintId,
      actor: qc,
      rootCause: 'Bad seal',
      responsibleParty: 'supplier',
    });
    const { proposalId } = await engine.execute({
      type: 'proposeRemedy',
      complaintId,
      actor: qc,
      remedy: { description: 'Replace kettle' },
    });
    await engine.execute({ type: 'approveRemedy', complaintId, actor: supervisor, proposalId: proposalId as string });
    await engine.execute({ type: 'implementRemedy', complaintId, actor: qc, actionsTaken: 'Shipped new kettle' });
    await engine.execute({ type: 'recordCustomerResponse', complaintId, actor: agent, accepted: true });
    await engine.execute({
      type: 'review',
      complaintId,
      actor: supervisor,
      summary: 'Done',
      classification: 'product-defect',
    });
    const rows = await store.outbox.list({ streamId: complaintId });

    const ack = ready(byRule(rows, 'acknowledgement')[0]);
    expect(ack.to.address).toBe('wang@example.com');
    expect(ack.locale).toBe('zh');
    expect(ack.subject).toContain(complaintId);
    expect(ack.text).toContain('王芳');
    expect(ack.html).toContain('<p>');
    expect(ready(byRule(rows, 'decision-accepted')[0]).text).toContain('quality-control');
    const assigned = byRule(rows, 'staff-assigned');
    expect(assigned.map((r) => ready(r).to.id)).toEqual(['qc-lead']);
    const approval = ready(byRule(rows, 'staff-approval-needed')[0]);
    expect(approval.locale).toBe('en');
    expect(approval.text).toContain('Replace kettle');
    expect(byRule(rows, 'staff-approval-needed')[0]?.channel).toBe('email');
    expect(ready(byRule(rows, 'confirm-remedy')[0]).text).toContain('Shipped new kettle');
    expect(byRule(rows, 'satisfaction-survey')).toHaveLength(1);
    expect(rows.every((r) => r.status === 'pending' && r.streamId === complaintId)).toBe(true);
  });

  test('a rejection tells the complainant the reason; without email the phone gets an SMS', async () => {
    const { engine, store } = setup();
    const { complaintId } = await receive(engine, { name: 'Ann', phone: '+44 20 7946 0000' });
    await engine.execute({ type: 'reject', complaintId, actor: handler, reason: 'The warranty ended in 2019' });
    const row = byRule(await store.outbox.list({ streamId: complaintId }), 'decision-rejected')[0];
    expect(row?.channel).toBe('sms');
    expect(ready(row).to.address).toBe('+44 20 7946 0000');
    expect(ready(row).text).toContain('The warranty ended in 2019');
  });

  test('message ids are stable: the same event, rule and recipient give the same id', async () => {
    const a = setup();
    const b = setup();
    await receive(a.engine);
    await receive(b.engine);
    const ids = async (s: ReturnType<typeof setup>) => (await s.store.outbox.list()).map((r) => r.id);
    expect(await ids(a)).toEqual(await ids(b));
    expect(new Set(await ids(a)).size).toBe((await ids(a)).length);
  });

  test('no staff for the department: the message is marked invalid with what to fix, and the workflow goes on', async () => {
    const { engine, store } = setup({ staff: [] });
    const { complaintId } = await receive(engine);
    const result = await engine.execute({
      type: 'accept',
      complaintId,
      actor: handler,
      department: 'billing',
      priority: 'low',
    });
    expect(result.complaint.stage).toBe('judged');
    const row = byRule(await store.outbox.list({ streamId: complaintId }), 'staff-assigned')[0];
    expect(invalid(row).kind).toBe('invalid-notification');
    expect(invalid(row).problem).toMatch(/no recipient among staff of department "billing".*staff directory/);
  });

  test('an invalid address and a template with an unknown variable are marked invalid with the reason', async () => {
    const badStaff: StaffMember[] = [{ id: 'sup-x', roles: ['supervisor'], addresses: { email: 'not-an-address' } }];
    const { engine, store } = setup({
      staff: badStaff,
      templates: { acknowledged: { zh: { subject: '{{complaintId}}', text: '{{customerNumber}} {{summary}}' } } },
    });
    const { complaintId } = await receive(engine);
    await engine.execute({ type: 'escalate', complaintId, actor: agent, reason: 'Angry customer' });
    const rows = await store.outbox.list({ streamId: complaintId });
    expect(invalid(byRule(rows, 'acknowledgement')[0]).problem).toMatch(
      /Template "acknowledged" \(zh\) uses \{\{customerNumber\}\}.*available here: .*summary/,
    );
    expect(invalid(byRule(rows, 'staff-escalated')[0]).problem).toMatch(
      /^Staff member "sup-x"'s email address \(channel email\) is not an email address/,
    );
    // The reason is stored and shown: it names the recipient by role and the field, never the value.
    expect(invalid(byRule(rows, 'staff-escalated')[0]).problem).not.toContain('not-an-address');
  });

  test('a recipient resolver that throws does not block the command', async () => {
    const { engine, store } = setup({
      staff: () => {
        throw new Error('directory offline');
      },
    });
    const { complaintId } = await receive(engine);
    const r = await engine.execute({ type: 'escalate', complaintId, actor: agent, reason: 'Urgent' });
    expect(r.complaint.escalations).toBe(1);
    const row = byRule(await store.outbox.list({ streamId: complaintId }), 'staff-escalated')[0];
    expect(invalid(row).problem).toContain('directory offline');
  });

  test('deadline breaches go by SMS first to the department and supervisors, flagged urgent', async () => {
    const { engine, notifications } = setup();
    const { complaintId } = await receive(engine);
    const { complaint } = await engine.execute({
      type: 'accept',
      complaintId,
      actor: handler,
      department: 'quality-control',
      priority: 'urgent',
    });
    const event = {
      id: 'E-99',
      streamId: complaintId,
      version: 4,
      type: 'DeadlineBreached',
      data: { deadline: 'resolve', dueAt: '2026-03-05T08:00:00Z' },
    } as unknown as RecordedEvent;
    const rows = notifications.outbox([event], complaint);
    const byId = new Map(rows.map((r) => [(r.payload as NotificationPayload).to.id, r]));
    expect([...byId.keys()].sort()).toEqual(['qc-lead', 'sup-1']);
    expect(byId.get('sup-1')?.channel).toBe('sms');
    expect(byId.get('qc-lead')?.channel).toBe('email');
    expect((byId.get('sup-1')?.payload as NotificationPayload).urgent).toBe(true);
    expect((byId.get('sup-1')?.payload as NotificationPayload).text).toContain('resolve');
  });

  test('apps can replace and add rules', async () => {
    const { engine, store } = setup({
      staff,
      rules: (defaults) => [
        ...defaults.filter((r) => r.id !== 'acknowledgement'),
        {
          id: 'note-to-supervisor',
          on: ['NoteAdded'],
          to: { kind: 'role', role: 'supervisor' },
          channels: ['sms'],
          template: 'escalated',
          delayMs: 60_000,
        },
      ],
    });
    const { complaintId } = await receive(engine);
    await engine.execute({ type: 'addNote', complaintId, actor: agent, text: 'Called back' });
    const rows = await store.outbox.list({ streamId: complaintId });
    expect(byRule(rows, 'acknowledgement')).toHaveLength(0);
    const note = byRule(rows, 'note-to-supervisor')[0];
    expect(note?.availableAt).toBe('2026-03-01T08:01:00.000Z');
    expect(invalid(note).problem).toContain('{{escalationReason}}');
  });

  test("the complainant's messages follow the language recorded at intake, its base language, then the default", async () => {
    const { store, engine } = setup();
    const languageOf = async (locale?: string) => {
      const { complaintId } = await engine.execute({
        type: 'receive',
        actor: agent,
        channel: 'web',
        category: 'quality',
        complainant: { name: 'Ann', email: 'ann@example.com' },
        summary: 'Kettle leaks',
        ...(locale === undefined ? {} : { locale }),
      });
      const c = await engine.load(complaintId);
      const ack = ready(byRule(await store.outbox.list({ streamId: complaintId }), 'acknowledgement')[0]);
      return { recorded: c.locale, sent: ack.locale, subject: ack.subject };
    };
    expect(await languageOf('en')).toMatchObject({
      recorded: 'en',
      sent: 'en',
      subject: expect.stringMatching(/complaint/i),
    });
    expect(await languageOf('en-GB')).toMatchObject({ recorded: 'en-GB', sent: 'en' });
    // No template in that language: the notifications' default (zh here).
    expect(await languageOf('fr')).toMatchObject({ recorded: 'fr', sent: 'zh' });
    expect(await languageOf()).toMatchObject({
      recorded: undefined,
      sent: 'zh',
      subject: expect.stringMatching(/投诉/),
    });
    const before = (await store.outbox.list()).length;
    const refused = await engine
      .execute({
        type: 'receive',
        actor: agent,
        channel: 'web',
        category: 'quality',
        complainant: { name: 'Ann' },
        summary: 'x',
        locale: 'en_GB; DROP',
      })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('locale') });
    expect((await store.outbox.list()).length).toBe(before);
  });
});
