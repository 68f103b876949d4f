import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { createDispatcher, createEngine, defineNotifications, isRedressError, memoryStore } from '@redress/core';
import { smsGatewayChannel } from './smsGatewayChannel';

interface Seen {
  headers: http.IncomingHttpHeaders;
  body: string;
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A fake SMS gateway: a real HTTP server that records requests and answers with `status`. */
const gateway = async (status: (n: number) => number = () => 200) => {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      res
        .writeHead(status(seen.length))
        .end(status(seen.length) === 200 ? '{"queued":true}' : '{"error":"invalid number"}');
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`, seen };
};

const staff = [{ id: 'sup-1', name: 'Li', roles: ['supervisor'], addresses: { sms: '+86 138 0000 0001' } }];

const escalate = async (phone: string) => {
  const store = memoryStore();
  const engine = createEngine({
    store,
    outbox: defineNotifications({ staff, locale: 'en', rules: (d) => d.filter((r) => r.id === 'staff-escalated') })
      .outbox,
  });
  const { complaintId } = await engine.execute({
    type: 'receive',
    actor: { id: 'a', role: 'agent' },
    channel: 'phone',
    category: 'service',
    complainant: { name: 'Ann', phone },
    summary: 'No refund "yet"',
  });
  await engine.execute({
    type: 'escalate',
    complaintId,
    actor: { id: 'a', role: 'agent' },
    reason: 'Threatens to go to the regulator',
  });
  return { store, complaintId };
};

describe('smsGatewayChannel against a real HTTP gateway on loopback', () => {
  test('posts the recipient and text through the body template, with the auth header and idempotency key', async () => {
    const gw = await gateway();
    const { store } = await escalate('+44 20 7946 0000');
    const sms = smsGatewayChannel({
      url: gw.url,
      authHeader: 'Bearer s3cret',
      bodyTemplate: '{"to": {{to}}, "message": {{text}}, "ref": {{id}}}',
    });
    expect(await createDispatcher({ store, channels: [sms] }).runOnce()).toMatchObject({ delivered: 1 });
    sms.close();
    const [row] = await store.outbox.list();
    expect(gw.seen).toHaveLength(1);
    const body = JSON.parse(gw.seen[0]?.body ?? '') as { to: string; message: string; ref: string };
    expect(body.to).toBe('+86 138 0000 0001');
    expect(body.message).toContain('Threatens to go to the regulator');
    expect(body.ref).toBe(row?.id);
    expect(gw.seen[0]?.headers.authorization).toBe('Bearer s3cret');
    expect(gw.seen[0]?.headers['idempotency-key']).toBe(row?.id);
  });

  test('a form-encoded gateway gets URL-encoded values and a custom auth header', async () => {
    const gw = await gateway();
    const { store } = await escalate('+1 555 0100');
    const sms = smsGatewayChannel({
      url: gw.url,
      authHeader: { name: 'x-api-key', value: 'k1' },
      contentType: 'application/x-www-form-urlencoded',
      bodyTemplate: 'To={{to}}&Body={{text}}',
    });
    await createDispatcher({ store, channels: [sms] }).runOnce();
    sms.close();
    const form = new URLSearchParams(gw.seen[0]?.body);
    expect(form.get('To')).toBe('+86 138 0000 0001');
    expect(form.get('Body')).toContain('Threatens');
    expect(gw.seen[0]?.headers['x-api-key']).toBe('k1');
  });

  test('a malformed phone number is dead-lettered without calling the gateway; a gateway 400 too', async () => {
    const gw = await gateway(() => 400);
    const sms = smsGatewayChannel({ url: gw.url, bodyTemplate: '{"to": {{to}}, "text": {{text}}}' });
    const bad = await sms.send(
      {
        id: 'N-1',
        streamId: 'C-1',
        eventId: 'E-1',
        channel: 'sms',
        attempt: 1,
        payload: {
          kind: 'notification',
          to: { id: 'x', address: '12' },
          subject: '',
          text: 'hi',
          html: '',
          complaintId: 'C-1',
        },
      },
      { idempotencyKey: 'N-1', signal: new AbortController().signal },
    );
    expect(bad).toMatchObject({ ok: false, kind: 'permanent' });
    expect(gw.seen).toHaveLength(0);
    const { store } = await escalate('+1 555 0100');
    expect(await createDispatcher({ store, channels: [sms] }).runOnce()).toMatchObject({ dead: 1 });
    sms.close();
    expect((await store.outbox.list())[0]?.lastError).toContain('HTTP 400: {"error":"invalid number"}');
  });

  test('a body template with an unknown placeholder is refused when the channel is made', () => {
    try {
      smsGatewayChannel({ url: 'http://127.0.0.1:9/', bodyTemplate: '{"to": {{phone}}}' });
      expect.unreachable();
    } catch (e) {
      expect(isRedressError(e, 'VALIDATION')).toBe(true);
      expect((e as Error).message).toMatch(/uses \{\{phone\}\}; it may use only \{\{to\}\}/);
    }
  });
});
