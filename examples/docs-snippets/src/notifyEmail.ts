// The example of docs/notify-email.md: a process that delivers the outbox of a SQLite
// file by email. Run by notifyEmail.int.test.ts against a real SMTP server on loopback.
import { createDispatcher } from '@redress/core';
import { sqliteStore } from '@redress/store-sqlite';
import { emailChannel } from '@redress/notify-email';

const store = sqliteStore({ path: 'complaints.db' }); // the file the engine writes to
const email = emailChannel({
  transport: {
    host: process.env.SMTP_HOST!, // e.g. smtp.example.com
    port: Number(process.env.SMTP_PORT ?? 587),
    auth: { user: 'redress', pass: process.env.SMTP_PASSWORD! },
  },
  from: '客服中心 <support@example.com>',
  replyTo: 'complaints@example.com', // optional
});
const dispatcher = createDispatcher({ store, channels: [email] });
dispatcher.start();
process.once('SIGTERM', async () => {
  await dispatcher.stop();
  email.close();
  await store.close();
});
