import { join } from 'node:path';
import { signWebhook } from '@redress/notify-webhook';
import { sqliteStore } from '@redress/store-sqlite';
import { expect, test } from 'vitest';
import { startProgram, workDir } from './program.testkit';

const secret = 'whsec_ZG9jcy1leGFtcGxlLXNlY3JldC0zMi1ieXRlcw==';

/** A POST to the receiver with the given signature headers. */
const post = async (url: string, body: string, headers: Record<string, string>) =>
  (await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } })).status;

test('docs/notify-webhook.md: the dispatcher process signs each webhook and the receiver accepts only those', async () => {
  const dir = workDir();
  const path = join(dir, 'complaints.db');
  const receiver = startProgram('webhookReceiver', dir, { PORT: '0', WEBHOOK_SECRET: secret });
  const port = /^listening on (\d+)$/.exec((await receiver.lines(1))[0] ?? '')?.[1];
  const url = `http://127.0.0.1:${port}/`;
  // The engine's side: its rule sends every received complaint to the CRM's webhook address.
  const app = startProgram('notifyWebhookRules', dir, { CRM_WEBHOOK_URL: url });
  expect(await app.exited).toBe(0);
  const complaintId = (await app.lines(1))[0] as string;
  const writer = sqliteStore({ path });
  const [row] = await writer.outbox.list({ streamId: complaintId });
  await writer.close();
  expect(row).toMatchObject({ channel: 'webhook', status: 'pending' });

  const dispatcher = startProgram('notifyWebhook', dir, { WEBHOOK_SECRET: secret });
  expect((await receiver.lines(2))[1]).toBe(`${row?.id} for ${complaintId}`);

  // Anything not signed with the secret over these very bytes is refused, and not printed.
  const timestamp = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    type: 'redress.notification',
    timestamp: new Date().toISOString(),
    data: { id: 'msg_1', streamId: 'C-test' },
  });
  const signed = (key: string, text: string) => ({
    'webhook-id': 'msg_1',
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(key, 'msg_1', timestamp, text),
  });
  expect(await post(url, `${body} `, signed(secret, body))).toBe(401);
  expect(await post(url, body, signed('whsec_YW5vdGhlci1zZWNyZXQtb2YtMzItYnl0ZXMhIQ==', body))).toBe(401);
  expect(await post(url, body, {})).toBe(401);
  expect(await post(url, body, signed(secret, body))).toBe(204);
  expect((await receiver.lines(3)).slice(1)).toEqual([`${row?.id} for ${complaintId}`, 'msg_1 for C-test']);

  dispatcher.child.kill('SIGTERM');
  expect(await dispatcher.exited).toBe(0);
  expect(app.stderr() + dispatcher.stderr() + receiver.stderr()).toBe('');
  const reader = sqliteStore({ path });
  expect((await reader.outbox.list({ streamId: complaintId })).map((r) => r.status)).toEqual(['delivered']);
  await reader.close();
});
