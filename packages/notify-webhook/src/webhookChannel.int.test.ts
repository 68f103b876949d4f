import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { createDispatcher, isRedressError, memoryStore, type OutboxMessage } from '@redress/core';
import { webhookChannel } from './webhookChannel';
import { startWebhookReceiver, type WebhookReceiverOptions } from './webhookReceiver';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
});

const event = {
  id: 'E-1',
  streamId: 'C-1',
  version: 1,
  type: 'NoteAdded',
  schemaVersion: 1,
  data: { text: 'x' },
  actor: { id: 'a', role: 'agent' },
  occurredAt: new Date().toISOString(),
  correlationId: 'x',
  causationId: null,
  commandId: null,
  prevHash: '0',
  hash: '1',
} as const;

/** A store with `n` webhook messages, a dispatcher with a controllable clock, and a real receiver. */
const setup = async (
  respond?: WebhookReceiverOptions['respond'],
  n = 1,
  channelOptions: { timeoutMs?: number; url?: string } = {},
) => {
  const receiver = await startWebhookReceiver({ secret, ...(respond ? { respond } : {}) });
  cleanup.push(() => receiver.close());
  const store = memoryStore();
  const outbox: OutboxMessage[] = Array.from({ length: n }, (_, i) => ({
    id: `N-${i}`,
    streamId: 'C-1',
    eventId: 'E-1',
    channel: 'webhook',
    payload: { kind: 'notification', text: `hello ${i}` },
  }));
  await store.append('C-1', [event], { expectedVersion: 0, outbox });
  const channel = webhookChannel({
    url: channelOptions.url ?? receiver.url,
    secret,
    timeoutMs: channelOptions.timeoutMs ?? 2000,
  });
  cleanup.push(() => channel.close());
  let now = Date.now() + 1000;
  const dispatcher = createDispatcher({
    store,
    channels: [channel],
    clock: () => new Date(now),
    random: () => 0,
    worker: 'w',
    sendTimeoutMs: 5000,
    maxAttempts: 3,
  });
  const row = async () => (await store.outbox.list())[0];
  return { receiver, store, dispatcher, row, advanceTo: (iso: string) => (now = Date.parse(iso)), now: () => now };
};

describe('webhookChannel against a real HTTP server on loopback', () => {
  test('success: a signed POST arrives once, with the message id as webhook-id, and the row is delivered', async () => {
    const { receiver, dispatcher, row } = await setup(undefined, 5);
    expect(await dispatcher.runOnce()).toMatchObject({ delivered: 5 });
    expect(receiver.received.map((r) => r.id).sort()).toEqual(['N-0', 'N-1', 'N-2', 'N-3', 'N-4']);
    const first = receiver.received.find((r) => r.id === 'N-0');
    expect(first?.body.type).toBe('redress.notification');
    expect(first?.body.data).toMatchObject({
      streamId: 'C-1',
      eventId: 'E-1',
      attempt: 1,
      payload: { text: 'hello 0' },
    });
    expect((await row())?.status).toBe('delivered');
  });

  test('500 then success: retried after the backoff, same webhook-id both times, receiver sees it once as new', async () => {
    let calls = 0;
    const { receiver, dispatcher, row, advanceTo } = await setup(() => ({ status: ++calls === 1 ? 500 : 200 }));
    expect(await dispatcher.runOnce()).toMatchObject({ retried: 1 });
    const failed = await row();
    expect(failed?.lastError).toMatch(/HTTP 500: refused with 500/);
    expect((await dispatcher.runOnce()).claimed).toBe(0); // not due yet
    advanceTo(failed?.availableAt as string);
    expect(await dispatcher.runOnce()).toMatchObject({ delivered: 1 });
    expect(calls).toBe(2);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.body.data.attempt).toBe(2);
  });

  test('429 with Retry-After: the next attempt waits at least that long', async () => {
    const { dispatcher, row, now } = await setup(() => ({ status: 429, headers: { 'retry-after': '42' } }));
    const before = now();
    await dispatcher.runOnce();
    const r = await row();
    expect(r?.status).toBe('pending');
    expect(Date.parse(r?.availableAt as string) - before).toBe(42_000);
    expect(r?.lastError).toContain('HTTP 429');
  });

  test('400: dead-lettered at once with the status and the body', async () => {
    const { dispatcher, row } = await setup(() => ({ status: 400 }));
    expect(await dispatcher.runOnce()).toMatchObject({ dead: 1 });
    expect((await row())?.lastError).toMatch(/permanent failure, attempt 1 .*HTTP 400: refused with 400/);
  });

  test('408 is retried, 410 is not', async () => {
    const a = await setup(() => ({ status: 408 }));
    expect(await a.dispatcher.runOnce()).toMatchObject({ retried: 1 });
    const b = await setup(() => ({ status: 410 }));
    expect(await b.dispatcher.runOnce()).toMatchObject({ dead: 1 });
  });

  test('timeout: a receiver that never answers is a transient failure after timeoutMs', async () => {
    const { dispatcher, row } = await setup(() => 'hang', 1, { timeoutMs: 150 });
    expect(await dispatcher.runOnce()).toMatchObject({ retried: 1 });
    expect((await row())?.lastError).toMatch(/no response from 127\.0\.0\.1:\d+ within 150 ms/);
  });

  test('connection refused: transient, retried; after maxAttempts dead with the last error', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const { dispatcher, row, advanceTo } = await setup(undefined, 1, { url: `http://127.0.0.1:${port}/hook` });
    for (let i = 0; i < 3; i++) {
      await dispatcher.runOnce();
      const r = await row();
      if (r?.status === 'pending') advanceTo(r.availableAt);
    }
    const r = await row();
    expect(r?.status).toBe('dead');
    expect(r?.attempts).toBe(3);
    expect(r?.lastError).toMatch(/gave up after 3 attempts; .*connection refused by http:\/\/127\.0\.0\.1/);
  });

  test("without a url, a notification goes to its recipient's webhook address; a bad or missing one is dead-lettered", async () => {
    const crm = await startWebhookReceiver({ secret });
    const warehouse = await startWebhookReceiver({ secret });
    const gateway = await startWebhookReceiver({ secret });
    cleanup.push(
      () => crm.close(),
      () => warehouse.close(),
      () => gateway.close(),
    );
    const notification = (id: string, address: string): OutboxMessage => ({
      id,
      streamId: 'C-1',
      eventId: 'E-1',
      channel: 'webhook',
      payload: {
        kind: 'notification',
        rule: 'copy',
        template: 'acknowledged',
        complaintId: 'C-1',
        eventType: 'ComplaintReceived',
        urgent: false,
        locale: 'en',
        to: { id, address },
        subject: 's',
        text: 't',
        html: 'h',
      },
    });
    const messages = [
      notification('N-crm', crm.url),
      notification('N-warehouse', warehouse.url),
      notification('N-bad', 'ftp://files.example.com/in'),
      { id: 'N-plain', streamId: 'C-1', eventId: 'E-1', channel: 'webhook', payload: { text: 'app payload' } },
    ];
    const run = async (options: { url?: string }) => {
      const store = memoryStore();
      await store.append('C-1', [event], { expectedVersion: 0, outbox: messages });
      const channel = webhookChannel({ ...options, secret, timeoutMs: 2000 });
      cleanup.push(() => channel.close());
      const result = await createDispatcher({ store, channels: [channel], worker: 'w', maxAttempts: 1 }).runOnce();
      return { result, rows: await store.outbox.list() };
    };

    const own = await run({});
    expect(own.result).toMatchObject({ delivered: 2, dead: 2 });
    expect([...crm.ids]).toEqual(['N-crm']);
    expect([...warehouse.ids]).toEqual(['N-warehouse']);
    const error = (id: string) => own.rows.find((r) => r.id === id)?.lastError;
    expect(error('N-bad')).toContain("the recipient's webhook address is not an http(s) URL");
    expect(error('N-plain')).toContain('give the recipient a webhook address or the channel a url');

    // With a url, every message goes there, whatever its recipient's address.
    const fixed = await run({ url: gateway.url });
    expect(fixed.result).toMatchObject({ delivered: 4 });
    expect([...gateway.ids].sort()).toEqual(['N-bad', 'N-crm', 'N-plain', 'N-warehouse']);
    expect(crm.ids.size + warehouse.ids.size).toBe(2);
  });

  test('bad options are refused at once with what to fix', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isRedressError(e, 'VALIDATION') ? e.message : 'other';
      }
      return 'none';
    };
    expect(err(() => webhookChannel({ url: 'not a url', secret }))).toMatch(/not a URL/);
    expect(err(() => webhookChannel({ url: 'ftp://x', secret }))).toMatch(/http or https/);
    expect(err(() => webhookChannel({ url: 'http://127.0.0.1/', secret: 'nope' }))).toMatch(/base64/);
    expect(err(() => webhookChannel({ url: 'http://127.0.0.1/', secret, timeoutMs: 0 }))).toMatch(/timeoutMs/);
  });
});
