// The second example of docs/notify-webhook.md: a process that delivers the outbox of a
// SQLite file as signed webhooks. Run by notifyWebhook.int.test.ts, after the engine of
// notifyWebhookRules.ts has addressed a message to the receiver of webhookReceiver.ts.
import { createDispatcher } from '@redress/core';
import { sqliteStore } from '@redress/store-sqlite';
import { webhookChannel } from '@redress/notify-webhook';

const store = sqliteStore({ path: 'complaints.db' }); // the file the engine writes to
// Each notification is posted to its recipient's webhook address (the CRM's, above).
const webhook = webhookChannel({
  secret: process.env.WEBHOOK_SECRET!, // "whsec_" + base64, at least 16 bytes
  timeoutMs: 10_000, // default 10 s
});
const dispatcher = createDispatcher({ store, channels: [webhook] });
dispatcher.start();
process.once('SIGTERM', async () => {
  await dispatcher.stop();
  webhook.close();
  await store.close();
});
