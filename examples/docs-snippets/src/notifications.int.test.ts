import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sqliteStore } from '@redress/store-sqlite';
import { SMTPServer } from 'smtp-server';
import { afterEach, expect, test } from 'vitest';
import { docBlocks, startProgram, workDir } from './program.testkit';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** An SMTP server on loopback that keeps the envelope recipients of every mail. */
const smtpServer = async () => {
  const recipients: string[][] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      stream.resume().on('end', () => {
        recipients.push(session.envelope.rcptTo.map((a) => a.address));
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { recipients, url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}` };
};

/** An SMS gateway on loopback that answers its first request with 503 and later ones with 200. */
const smsGateway = async () => {
  const requests: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (s: string) => (body += s));
    req.on('end', () => {
      requests.push({ headers: req.headers, body });
      res.writeHead(requests.length === 1 ? 503 : 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { requests, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send` };
};

const withoutTimes = (line: string) => line.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>');

test('docs/notifications.md: messages go out by email and SMS, a failed one is retried, and the status shows it', async () => {
  const [smtp, gateway] = await Promise.all([smtpServer(), smsGateway()]);
  const dir = workDir();
  const app = startProgram('notifications', dir, {
    SMTP_URL: smtp.url,
    SMS_GATEWAY_URL: gateway.url,
    SMS_GATEWAY_TOKEN: 'abc123',
  });
  const printed = await app.lines(2);

  const status = docBlocks('notifications.md').find((b) => b.includes('deliveryStatus('));
  const shown = (status ?? '')
    .split('\n')
    .filter((l) => l.startsWith('// '))
    .map((l) => l.slice(3));
  expect(shown).toHaveLength(2);
  expect(printed.map(withoutTimes)).toEqual(shown.map(withoutTimes));

  // The escalation went to the supervisor by email (the first channel she has an address for).
  expect(smtp.recipients).toEqual([['li@example.com']]);
  // The acknowledgement went to the complainant's phone, twice with the same idempotency key.
  expect(gateway.requests).toHaveLength(2);
  const [first, second] = gateway.requests;
  expect(second?.headers['idempotency-key']).toBe(first?.headers['idempotency-key']);
  expect(first?.headers.authorization).toBe('Bearer abc123');
  expect(JSON.parse(first?.body ?? '')).toMatchObject({
    to: '+86 138 0000 0000',
    text: expect.stringContaining('已收到'),
  });

  app.child.kill('SIGTERM');
  expect(await app.exited).toBe(0);
  expect(app.stderr()).toBe('');

  // What the page says the status read between the two tries.
  const store = sqliteStore({ path: join(dir, 'complaints.db') });
  const [acknowledgement] = await store.outbox.list({ status: 'delivered' });
  await store.close();
  expect(acknowledgement?.history.map((h) => [h.outcome, h.error])).toEqual([
    ['retry', `attempt 1 at ${acknowledgement?.history[0]?.at}: HTTP 503`],
    ['delivered', undefined],
  ]);
});
