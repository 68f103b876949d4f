// The engine's side of docs/notify-webhook.md: every received complaint is also sent to
// the CRM, a member of the staff directory whose webhook address is the CRM's URL. Run
// by notifyWebhook.int.test.ts before the dispatcher of notifyWebhook.ts.
import { createEngine, defineNotifications } from '@redress/core';
import { sqliteStore } from '@redress/store-sqlite';

const notifications = defineNotifications({
  staff: [{ id: 'crm', roles: ['crm'], addresses: { webhook: process.env.CRM_WEBHOOK_URL! } }],
  rules: [
    {
      id: 'crm-copy',
      on: ['ComplaintReceived'],
      to: { kind: 'role', role: 'crm' },
      channels: ['webhook'], // posted to the recipient's webhook address
      template: 'acknowledged',
    },
  ],
});
const store = sqliteStore({ path: 'complaints.db' });
// 'plaintext' keeps this page short; docs/privacy.md shows the engine with its keys.
const engine = createEngine({ store, outbox: notifications.outbox, privacy: 'plaintext' });

const { complaintId } = await engine.execute({
  type: 'receive',
  actor: { id: 'agent-7', role: 'agent' },
  channel: 'phone',
  category: 'quality',
  complainant: { name: 'Wang Fang' },
  summary: 'Kettle leaks after two days',
});
console.log(complaintId);
await store.close();
