import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createEngine, defineNotifications } from '@redress/core';
import { sqliteStore } from '@redress/store-sqlite';
import { SMTPServer } from 'smtp-server';
import { afterEach, expect, test } from 'vitest';
import { startProgram, workDir } from './program.testkit';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** An SMTP server on loopback that takes one user and password, and keeps what arrives. */
const smtpServer = async (password: string) => {
  const mails: { from: string; to: string[]; raw: string }[] = [];
  let wake = () => {};
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, done) {
      if (auth.username === 'redress' && auth.password === password) done(null, { user: auth.username });
      else done(new Error('535 authentication failed'));
    },
    onData(stream, session, done) {
      let raw = '';
      stream.setEncoding('utf8').on('data', (s: string) => (raw += s));
      stream.on('end', () => {
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        mails.push({ from, to: session.envelope.rcptTo.map((a) => a.address), raw });
        done();
        wake();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const arrived = (n: number) =>
    new Promise<void>((resolve) => {
      wake = () => mails.length >= n && resolve();
      wake();
    });
  return { mails, arrived, port: (server.server.address() as AddressInfo).port };
};

test('docs/notify-email.md: the dispatcher process sends the outbox of the file by SMTP, signed in, and stops on SIGTERM', async () => {
  const dir = workDir();
  const path = join(dir, 'complaints.db');
  // The engine's side: an acknowledgement for the complainant, written with her complaint.
  const writer = sqliteStore({ path });
  const engine = createEngine({ store: writer, outbox: defineNotifications({ locale: 'zh' }).outbox });
  const { complaintId } = await engine.execute({
    type: 'receive',
    actor: { id: 'agent-7', role: 'agent' },
    channel: 'web',
    category: 'quality',
    complainant: { name: '王芳', email: 'wang.fang@example.com' },
    summary: 'Kettle leaks after two days',
  });
  await writer.close();

  const smtp = await smtpServer('s3cret');
  const dispatcher = startProgram('notifyEmail', dir, {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_PASSWORD: 's3cret',
  });
  await smtp.arrived(1);
  const [mail] = smtp.mails;
  expect(mail?.from).toBe('support@example.com');
  expect(mail?.to).toEqual(['wang.fang@example.com']);
  expect(mail?.raw).toMatch(/^Reply-To: complaints@example\.com\r$/m);
  expect(mail?.raw).toMatch(new RegExp(`^X-Redress-Complaint: ${complaintId}\\r$`, 'm'));
  expect(mail?.raw).toMatch(/^Message-ID: <N-[^@>]+@example\.com>\r$/m);

  dispatcher.child.kill('SIGTERM');
  expect(await dispatcher.exited).toBe(0);
  expect(dispatcher.stderr()).toBe('');
  const reader = sqliteStore({ path });
  expect((await reader.outbox.list({ streamId: complaintId })).map((r) => r.status)).toEqual(['delivered']);
  await reader.close();
});
