import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, test } from 'vitest';
import {
  createDispatcher,
  createEngine,
  defineNotifications,
  deliveryStatus,
  isNotificationPayload,
  type AttemptReport,
  type DeliveryChannel,
} from '@redress/core';
import { sqliteStore } from '@redress/store-sqlite';
import { emailChannel } from './emailChannel';

const dir = mkdtempSync(join(tmpdir(), 'redress-email-private-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The person behind the reference the log holds: hostile text in every field. */
const person = {
  name: '王芳 "Fang" <b>O\'Brien</b>',
  address: 'fang.wang.7731@kettle-owners.cn',
};
const personal = [person.name, person.address, 'fang.wang.7731', '王芳'];

/** Decode the RFC 2047 words nodemailer writes for a non-ASCII display name. */
const decodeWords = (s: string) =>
  s.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );

/**
 * A real SMTP server on loopback that refuses the way mail servers do, quoting
 * what it was sent: first a temporary refusal of the recipient that names the
 * address, then a refusal of the message that repeats its To header, name and all.
 */
const refusingSmtp = async () => {
  let rcpt = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (rcpt++ === 0)
        return cb(
          Object.assign(new Error(`4.2.1 <${address.address.toUpperCase()}>: mailbox of ${address.address} busy`), {
            responseCode: 450,
          }),
        );
      cb();
    },
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks)
          .toString('utf8')
          .replace(/\r\n[ \t]+/g, ' ');
        const to = decodeWords(/^To: (.*)$/im.exec(raw)?.[1] ?? '');
        cb(Object.assign(new Error(`5.7.1 message to ${to} refused as spam`), { responseCode: 554 }));
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  return {
    transport: { host: '127.0.0.1', port, secure: false, ignoreTLS: true },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
};

describe('a failing email delivery keeps the recipient out of every error (real SMTP server, real SQLite file)', () => {
  test('the retry reason, the dead-letter reason, the history, the attempt reports and the file bytes hold no name or address', async () => {
    const server = await refusingSmtp();
    const path = join(dir, 'resolved-at-delivery.db');
    const store = sqliteStore({ path });
    // The log and the outbox hold a reference only; the channel looks the person up when it sends,
    // so whatever of them reaches the file came there through an error text.
    const engine = createEngine({
      store,
      outbox: defineNotifications({ locale: 'en', rules: (d) => d.filter((r) => r.id === 'acknowledgement') }).outbox,
    });
    const { complaintId } = await engine.execute({
      type: 'receive',
      actor: { id: 'agent-1', role: 'agent' },
      channel: 'web',
      category: 'quality',
      complainant: { name: 'REF-7', email: 'ref-7@directory.invalid' },
      summary: 'Kettle leaks',
    });
    const email = emailChannel({ transport: server.transport, from: 'support@example.com' });
    const lookUp: DeliveryChannel = {
      name: 'email',
      send: (message, context) => {
        const p = message.payload;
        if (!isNotificationPayload(p)) throw new Error('not a notification');
        return email.send({ ...message, payload: { ...p, to: { id: p.to.id, ...person } } }, context);
      },
    };
    const reports: AttemptReport[] = [];
    const dispatcher = createDispatcher({
      store,
      channels: [lookUp],
      backoff: { baseMs: 1, maxMs: 1 },
      onAttempt: (r) => reports.push(r),
    });
    expect(await dispatcher.runOnce()).toMatchObject({ retried: 1 });
    await new Promise((r) => setTimeout(r, 5));
    expect(await dispatcher.runOnce()).toMatchObject({ dead: 1 });
    email.close();
    await server.close();

    const [row] = await store.outbox.list({ streamId: complaintId });
    // The failures are still useful: the SMTP codes and what the server objected to.
    expect(row?.history.map((h) => h.outcome)).toEqual(['retry', 'dead']);
    expect(row?.history[0]?.error).toMatch(/450 4\.2\.1 <\[redacted\]>: mailbox of \[redacted\] busy/);
    expect(row?.lastError).toMatch(/permanent failure.*554 5\.7\.1 message to .*refused as spam/);
    const shown = JSON.stringify({ row, reports, status: await deliveryStatus(store, complaintId) });
    for (const value of personal) expect(shown).not.toContain(value);
    expect(shown.toLowerCase()).not.toContain(person.address);

    const bytes = () =>
      [path, `${path}-wal`].map((f) => {
        try {
          return readFileSync(f);
        } catch {
          return Buffer.alloc(0);
        }
      });
    const files = [...bytes()];
    await store.close();
    files.push(...bytes());
    expect(files.reduce((n, b) => n + b.length, 0)).toBeGreaterThan(0);
    for (const file of files)
      for (const value of [...personal, person.address.toUpperCase()])
        expect(file.includes(Buffer.from(value, 'utf8')), `the file holds ${value}`).toBe(false);
  });

  test('an address the channel refuses before SMTP is named by field, not by value', async () => {
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
          to: { id: 'complainant', name: person.name, address: '王芳@' },
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
    expect(r).toEqual({
      ok: false,
      kind: 'permanent',
      error: "the recipient's email address is not an email address like name@example.com",
    });
  });
});
