// The opening example of docs/notifications.md and its delivery status, on one complaint;
// run by notifications.int.test.ts against a real SMTP server and SMS gateway on loopback.
import { deliveryStatus } from '@redress/core';
import { createDispatcher, createEngine, defineNotifications, secretKek, subjectKeys } from '@redress/core';
import { keyFileBeside, sqliteKeyStore, sqliteStore } from '@redress/store-sqlite';
import { emailChannel } from '@redress/notify-email';
import { smsGatewayChannel } from '@redress/notify-webhook';

const store = sqliteStore({ path: 'complaints.db' });
const notifications = defineNotifications({
  locale: 'zh',
  staff: [
    {
      id: 'qc-lead',
      name: '张工',
      roles: ['department'],
      department: 'quality-control',
      addresses: { email: 'zhang@example.com' },
    },
    {
      id: 'sup-1',
      name: '李主管',
      roles: ['supervisor'],
      addresses: { email: 'li@example.com', sms: '+86 138 0000 0001' },
    },
  ],
});
const keys = subjectKeys({
  store: sqliteKeyStore({ path: keyFileBeside('complaints.db') }),
  kek: secretKek(process.env.REDRESS_KEK),
});
// Messages are sealed under the complainant's key in the outbox; the dispatcher opens them.
const engine = createEngine({ store, outbox: notifications.outbox, privacy: { keys } }); // see privacy.md

const email = emailChannel({
  transport: process.env.SMTP_URL!, // e.g. smtp://user:password@smtp.example.com:587
  from: '客服中心 <support@example.com>',
});
const sms = smsGatewayChannel({
  url: process.env.SMS_GATEWAY_URL!, // e.g. https://sms.example.com/send
  authHeader: `Bearer ${process.env.SMS_GATEWAY_TOKEN}`,
  bodyTemplate: '{"to": {{to}}, "text": {{text}}}',
});
const dispatcher = createDispatcher({ store, channels: [email, sms], keys });
dispatcher.start();
process.once('SIGTERM', async () => {
  await dispatcher.stop(); // lets the batch in hand finish
  email.close();
  sms.close();
  await store.close();
});

// A complaint by phone, escalated at once; then where its messages stand once settled.
const agent = { id: 'agent-7', role: 'agent' } as const;
const { complaintId } = await engine.execute({
  type: 'receive',
  actor: agent,
  channel: 'phone',
  category: 'quality',
  complainant: { name: '王芳', phone: '+86 138 0000 0000' },
  summary: 'Kettle leaks after two days',
});
await engine.execute({ type: 'escalate', complaintId, actor: agent, reason: 'The second leak this month' });
const settled = async () =>
  (await deliveryStatus(store, complaintId)).every((s) => s.state === 'delivered' || s.state === 'dead');
while (!(await settled())) await new Promise((r) => setTimeout(r, 50));

for (const s of await deliveryStatus(store, complaintId)) console.log(s.at, s.summary);
// 2026-03-01T08:00:02.314Z sms to complainant [acknowledgement]: delivered after 2 attempts
// 2026-03-01T08:00:00.208Z email to sup-1 [staff-escalated]: delivered after 1 attempt
