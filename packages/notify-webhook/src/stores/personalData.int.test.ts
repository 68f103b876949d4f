import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import {
  createDispatcher,
  createEngine,
  defineNotifications,
  deliveryStatus,
  isNotificationPayload,
  type AttemptReport,
  type DeliveryChannel,
  type EventStore,
} from '@redress/core';
import { postgresStore } from '@redress/store-postgres';
import { sqliteStore } from '@redress/store-sqlite';
import { smsGatewayChannel } from '../smsGatewayChannel';
import { webhookChannel } from '../webhookChannel';

/** A personal field as text, or undefined once erased. */
const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const dir = mkdtempSync(join(tmpdir(), 'redress-webhook-private-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The person behind the reference the log holds: hostile text in every field. */
const person = { name: '王芳 "Fang" <b>O\'Brien', phone: '+86 138-0013-8000' };

/**
 * A real HTTP server on loopback that refuses the way gateways do, repeating
 * what it was sent: first 503 with the number normalised, then 422 quoting the
 * whole request body.
 */
const echoingServer = async () => {
  let calls = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const to = (/"to":\s*("(?:[^"\\]|\\.)*")/.exec(body)?.[1] ?? '""').slice(1, -1);
      if (calls++ === 0)
        return res
          .writeHead(503, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: 'route busy', destination: to.replace(/[^\d+]/g, ''), raw: to }));
      // A webhook body is answered with the recipient and the text it carried, then the request itself.
      const payload = (JSON.parse(body) as { data?: { payload?: { to?: unknown; text?: unknown } } }).data?.payload;
      const echo = payload === undefined ? {} : { to: payload.to, text: payload.text };
      res
        .writeHead(422, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'rejected', ...echo, request: body }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
};

const fileBytes = (path: string) =>
  [path, `${path}-wal`].map((f) => {
    try {
      return readFileSync(f);
    } catch {
      return Buffer.alloc(0);
    }
  });

const receive = (store: EventStore, complainant: { name: string; phone?: string }, channels: string[]) =>
  createEngine({
    store,
    outbox: defineNotifications({
      locale: 'en',
      rules: (d) => d.filter((r) => r.id === 'acknowledgement').map((r) => ({ ...r, channels })),
      complainant: (c) => ({
        id: 'complainant',
        name: textOf(c.complainant.name),
        addresses: {
          ...(typeof c.complainant.phone === 'string' ? { sms: c.complainant.phone } : {}),
          webhook: 'http://127.0.0.1:9/x',
        },
      }),
    }).outbox,
  }).execute({
    type: 'receive',
    actor: { id: 'agent-1', role: 'agent' },
    channel: 'phone',
    category: 'quality',
    complainant,
    summary: 'Kettle leaks',
  });

describe('failing HTTP deliveries keep the recipient out of every error (real HTTP server, real SQLite file)', () => {
  test('an SMS gateway that echoes the number: retry and dead-letter reasons, history, reports and file bytes hold none of it', async () => {
    const server = await echoingServer();
    const path = join(dir, 'sms.db');
    const store = sqliteStore({ path });
    // The log holds a reference; the channel looks the person up when it sends.
    const { complaintId } = await receive(store, { name: 'REF-9', phone: '+86 100 0000 0009' }, ['sms']);
    const sms = smsGatewayChannel({ url: server.url, bodyTemplate: '{"to": {{to}}, "message": {{text}}}' });
    const lookUp: DeliveryChannel = {
      name: 'sms',
      send: (message, context) => {
        const p = message.payload;
        if (!isNotificationPayload(p)) throw new Error('not a notification');
        const to = { id: p.to.id, name: person.name, address: person.phone };
        return sms.send({ ...message, payload: { ...p, to } }, context);
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
    sms.close();
    await server.close();

    const [row] = await store.outbox.list({ streamId: complaintId });
    expect(row?.history[0]?.error).toMatch(/HTTP 503: .*route busy/);
    expect(row?.lastError).toMatch(/permanent failure.*HTTP 422: .*rejected/);
    const shown = JSON.stringify({ row, reports, status: await deliveryStatus(store, complaintId) });
    const values = [person.phone, '8613800138000', '13800138000', '138-0013-8000', JSON.stringify(person.phone)];
    for (const value of values) expect(shown).not.toContain(value);

    const files = fileBytes(path);
    await store.close();
    files.push(...fileBytes(path));
    for (const file of files)
      for (const value of values) expect(file.includes(Buffer.from(value)), `the file holds ${value}`).toBe(false);
  });

  test('a webhook receiver that echoes the whole body: the name, the text and the summary are cut from the reason', async () => {
    const server = await echoingServer();
    const store = sqliteStore({ path: join(dir, 'webhook.db') });
    const { complaintId } = await receive(store, { name: person.name }, ['webhook']);
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const channel = webhookChannel({ url: server.url, secret });
    const dispatcher = createDispatcher({ store, channels: [channel], backoff: { baseMs: 1, maxMs: 1 } });
    await dispatcher.runOnce();
    await new Promise((r) => setTimeout(r, 5));
    await dispatcher.runOnce();
    channel.close();
    await server.close();
    const [row] = await store.outbox.list({ streamId: complaintId });
    expect(row?.status).toBe('dead');
    const errors = JSON.stringify({ lastError: row?.lastError, history: row?.history });
    expect(errors).toContain('HTTP 422');
    expect(errors).toContain('rejected');
    const name = JSON.stringify(person.name).slice(1, -1);
    for (const value of [person.name, name, JSON.stringify(name).slice(1, -1), 'Kettle leaks', 'Brien'])
      expect(errors).not.toContain(value);
    await store.close();
  });

  test('an invalid phone number is dead-lettered by role and field: no name, no number in the outbox table', async () => {
    const path = join(dir, 'invalid.db');
    const store = sqliteStore({ path });
    const { complaintId } = await receive(store, { name: person.name, phone: '+1 (2) 3' }, ['sms']);
    const reports: AttemptReport[] = [];
    expect(await createDispatcher({ store, channels: [], onAttempt: (r) => reports.push(r) }).runOnce()).toMatchObject({
      dead: 1,
    });
    const [row] = await store.outbox.list({ streamId: complaintId });
    expect(row?.lastError).toMatch(
      /could not be built: The complainant's phone number \(channel sms\) has 3 digits; a phone number has 5 to 15; correct it$/,
    );
    const status = await deliveryStatus(store, complaintId);
    expect(status[0]?.recipient).toBe('complainant');
    await store.close();
    // Every column of every outbox row as stored: the payload of an unbuildable message, its reason and history.
    const db = new Database(path, { readonly: true });
    const stored = JSON.stringify(db.prepare('SELECT * FROM outbox').all());
    db.close();
    const shown = JSON.stringify({ stored, reports, status });
    for (const value of [person.name, '王芳', 'Brien', '+1 (2) 3', '(2) 3']) expect(shown).not.toContain(value);
  });
});

describe('the same failures on PostgreSQL: no outbox row as stored holds the person', () => {
  const PG_URL = process.env.REDRESS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `notify_private_${process.pid}_${randomBytes(3).toString('hex')}`;
  const rows = async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      // Every column of every row, the payload, the reason and the history included, as the server keeps it.
      return JSON.stringify((await client.query(`SELECT row_to_json(o)::text AS row FROM ${schema}.outbox o`)).rows);
    } finally {
      await client.end();
    }
  };
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  test('an echoing SMS gateway and an invalid phone number leave no name or number in the outbox table', async () => {
    const server = await echoingServer();
    const store = postgresStore({ connectionString: PG_URL, schema });
    await receive(store, { name: 'REF-9', phone: '+86 100 0000 0009' }, ['sms']);
    await receive(store, { name: person.name, phone: '+1 (2) 3' }, ['sms']);
    const sms = smsGatewayChannel({ url: server.url, bodyTemplate: '{"to": {{to}}, "message": {{text}}}' });
    const lookUp: DeliveryChannel = {
      name: 'sms',
      send: (message, context) => {
        const p = message.payload;
        if (!isNotificationPayload(p)) throw new Error('not a notification');
        return sms.send(
          { ...message, payload: { ...p, to: { id: p.to.id, name: person.name, address: person.phone } } },
          context,
        );
      },
    };
    const dispatcher = createDispatcher({ store, channels: [lookUp], backoff: { baseMs: 1, maxMs: 1 } });
    expect(await dispatcher.runOnce()).toMatchObject({ retried: 1, dead: 1 });
    await new Promise((r) => setTimeout(r, 5));
    expect(await dispatcher.runOnce()).toMatchObject({ dead: 1 });
    sms.close();
    await server.close();
    await store.close?.();
    const stored = await rows();
    expect(stored).toMatch(/HTTP 422/);
    expect(stored).toMatch(/The complainant's phone number \(channel sms\) has 3 digits/);
    const values = [person.phone, '8613800138000', '13800138000', '138-0013-8000', '+1 (2) 3', '王芳', 'Brien'];
    for (const value of values) expect(stored, `the outbox table holds ${value}`).not.toContain(value);
  });
});
