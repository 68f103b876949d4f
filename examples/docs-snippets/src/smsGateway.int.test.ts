import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDispatcher, createEngine, defineNotifications, memoryStore } from '@redress/core';
import { afterAll, expect, test, vi } from 'vitest';

const requests: { headers: http.IncomingHttpHeaders; body: string }[] = [];
const gateway = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8').on('data', (s: string) => (body += s));
  req.on('end', () => {
    requests.push({ headers: req.headers, body });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"queued"}');
  });
});
await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
afterAll(() => new Promise<void>((resolve) => gateway.close(() => resolve())));

vi.stubEnv('SMS_GATEWAY_URL', `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/v1/messages`);
const { sms } = await import('./smsGateway');
afterAll(() => sms.close());

test('docs/notify-webhook.md: the SMS channel posts its body template, JSON-encoded, with the key and the token', async () => {
  const store = memoryStore();
  const engine = createEngine({ store, outbox: defineNotifications({ locale: 'en' }).outbox });
  const { complaintId } = await engine.execute({
    type: 'receive',
    actor: { id: 'agent-7', role: 'agent' },
    channel: 'phone',
    category: 'quality',
    complainant: { name: 'Ann "the tester" Lee', phone: '+44 20 7946 0000' },
    summary: 'Kettle leaks after two days',
  });
  const summary = await createDispatcher({ store, channels: [sms] }).runOnce();
  expect(summary).toMatchObject({ claimed: 1, delivered: 1 });

  const [row] = await store.outbox.list({ streamId: complaintId });
  const [request] = requests;
  expect(request?.headers.authorization).toBe('Bearer abc123');
  expect(request?.headers['content-type']).toBe('application/json');
  expect(request?.headers['idempotency-key']).toBe(row?.id);
  // Every value is a JSON string with its quotes, so the complainant's quotes cannot break out.
  expect(JSON.parse(request?.body ?? '')).toEqual({
    to: '+44 20 7946 0000',
    message: expect.stringContaining('Dear Ann "the tester" Lee,'),
    ref: row?.id,
  });
});
