import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, test } from 'vitest';
import {
  createDispatcher,
  createEngine,
  defineNotifications,
  isRedressError,
  memoryStore,
  type NotificationPayload,
} from '@redress/core';
import { emailChannel } from './emailChannel';

interface Received {
  readonly rcpt: string[];
  readonly raw: string;
}

const servers: SMTPServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((r) => s.close(() => r()));
});

/** A real SMTP server on loopback that records what arrives and may refuse recipients. */
const smtp = async (refuse: (address: string) => boolean = () => false) => {
  const mails: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (refuse(address.address))
        return cb(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          rcpt: session.envelope.rcptTo.map((a) => a.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  return { mails, transport: { host: '127.0.0.1', port, secure: false, ignoreTLS: true } };
};

/** Minimal MIME reading for the assertions: unfolded headers, encoded words, QP/base64 parts. */
const decodeWords = (s: string) =>
  s.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
const headersOf = (block: string) => {
  const map = new Map<string, string>();
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) map.set(line.slice(0, i).toLowerCase(), decodeWords(line.slice(i + 1).trim()));
  }
  return map;
};
const decodeBody = (headers: Map<string, string>, body: string) => {
  const enc = headers.get('content-transfer-encoding') ?? '7bit';
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable')
    return Buffer.from(
      body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  return body;
};
const parseMail = (raw: string) => {
  const split = raw.indexOf('\r\n\r\n');
  const headers = headersOf(raw.slice(0, split));
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type') ?? '')?.[1] ?? '';
  const parts = raw
    .slice(split + 4)
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((p) => {
      const at = p.indexOf('\r\n\r\n');
      const h = headersOf(p.slice(2, at));
      return {
        type: (h.get('content-type') ?? '').split(';')[0],
        body: decodeBody(h, p.slice(at + 4).replace(/\r\n$/, '')),
      };
    });
  return {
    headers,
    text: parts.find((p) => p.type === 'text/plain')?.body ?? '',
    html: parts.find((p) => p.type === 'text/html')?.body ?? '',
  };
};

const receive = async (email: string) => {
  const store = memoryStore();
  const engine = createEngine({
    store,
    outbox: defineNotifications({ locale: 'zh', rules: (d) => d.filter((r) => r.id === 'acknowledgement') }).outbox,
  });
  const { complaintId } = await engine.execute({
    type: 'receive',
    actor: { id: 'a', role: 'agent' },
    channel: 'web',
    category: 'quality',
    complainant: { name: '王芳', email },
    summary: '水壶漏水 <b>两天</b>',
  });
  return { store, complaintId };
};

describe('emailChannel against a real SMTP server on loopback', () => {
  test('the complainant gets the message: recipient, subject, plain and HTML bodies, Message-ID from the idempotency key', async () => {
    const server = await smtp();
    const { store, complaintId } = await receive('wang@example.com');
    const email = emailChannel({ transport: server.transport, from: '客服中心 <support@example.com>' });
    expect(await createDispatcher({ store, channels: [email] }).runOnce()).toMatchObject({ delivered: 1 });
    email.close();
    const [row] = await store.outbox.list();
    const payload = row?.payload as NotificationPayload;
    expect(server.mails).toHaveLength(1);
    expect(server.mails[0]?.rcpt).toEqual(['wang@example.com']);
    const mail = parseMail(server.mails[0]?.raw ?? '');
    expect(mail.headers.get('message-id')).toBe(`<${row?.id}@example.com>`);
    expect(mail.headers.get('subject')).toBe(`我们已收到您的投诉（编号 ${complaintId}）`);
    expect(mail.headers.get('to')).toContain('<wang@example.com>');
    expect(mail.headers.get('from')).toBe('客服中心 <support@example.com>');
    expect(mail.headers.get('x-redress-complaint')).toBe(complaintId);
    expect(mail.text.replace(/\r\n/g, '\n')).toBe(payload.text);
    expect(mail.text).toContain('水壶漏水 <b>两天</b>');
    expect(mail.html).toContain('水壶漏水 &lt;b&gt;两天&lt;/b&gt;');
  });

  test('a redelivery carries the same Message-ID, so the duplicate can be dropped', async () => {
    const server = await smtp();
    const email = emailChannel({ transport: server.transport, from: 'support@example.com' });
    const { store } = await receive('wang@example.com');
    const [row] = await store.outbox.list();
    const message = {
      id: row?.id ?? '',
      streamId: row?.streamId ?? '',
      eventId: row?.eventId ?? '',
      channel: 'email',
      attempt: 1,
      payload: row?.payload,
    };
    const ctx = { idempotencyKey: row?.id ?? '', signal: new AbortController().signal };
    expect((await email.send(message, ctx)).ok).toBe(true);
    expect((await email.send({ ...message, attempt: 2 }, ctx)).ok).toBe(true);
    email.close();
    const ids = server.mails.map((m) => parseMail(m.raw).headers.get('message-id'));
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  test('a recipient the server refuses is dead-lettered at once with the server reply', async () => {
    const server = await smtp((a) => a === 'gone@example.com');
    const { store } = await receive('gone@example.com');
    const email = emailChannel({ transport: server.transport, from: 'support@example.com' });
    expect(await createDispatcher({ store, channels: [email] }).runOnce()).toMatchObject({ dead: 1 });
    email.close();
    expect(server.mails).toHaveLength(0);
    expect((await store.outbox.list())[0]?.lastError).toMatch(/permanent failure.*550.*No such user/);
  });

  test('an unreachable server is a transient failure, retried later', async () => {
    const server = await smtp();
    const port = server.transport.port;
    await new Promise<void>((r) => (servers.pop() as SMTPServer).close(() => r()));
    const { store } = await receive('wang@example.com');
    const email = emailChannel({
      transport: { host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 2000 },
      from: 'support@example.com',
    });
    expect(await createDispatcher({ store, channels: [email] }).runOnce()).toMatchObject({ retried: 1 });
    email.close();
    const [row] = await store.outbox.list();
    expect(row?.status).toBe('pending');
    expect(row?.lastError).toMatch(/ECONNECTION|ECONNREFUSED/);
  });

  test('a bad sender is refused when the channel is made; a bad recipient address is dead-lettered without SMTP', async () => {
    try {
      emailChannel({ transport: { host: '127.0.0.1', port: 25 }, from: 'support at example' });
      expect.unreachable();
    } catch (e) {
      expect(isRedressError(e, 'VALIDATION')).toBe(true);
    }
    const email = emailChannel({ transport: { host: '127.0.0.1', port: 9 }, from: 'support@example.com' });
    const r = await email.send(
      {
        id: 'N-1',
        streamId: 'C-1',
        eventId: 'E-1',
        channel: 'email',
        attempt: 1,
        payload: {
          kind: 'notification',
          to: { id: 'x', address: 'wang@' },
          subject: 's',
          text: 't',
          html: 'h',
          complaintId: 'C-1',
          rule: 'r',
        },
      },
      { idempotencyKey: 'N-1', signal: new AbortController().signal },
    );
    email.close();
    expect(r).toMatchObject({ ok: false, kind: 'permanent' });
  });
});
