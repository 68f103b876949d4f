import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { createDispatcher, createEngine, defineNotifications, deliveryStatus, type EventStore } from '@redress/core';
import { postgresStore } from '@redress/store-postgres';
import { sqliteStore } from '@redress/store-sqlite';
import { webhookChannel } from '../webhookChannel';
import { startWebhookReceiver } from '../webhookReceiver';

/** A personal field as text, or undefined once erased. */
const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const PG_URL = process.env.REDRESS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dir = mkdtempSync(join(tmpdir(), 'redress-notify-stores-'));
const schema = `notify_webhook_${process.pid}_${randomBytes(3).toString('hex')}`;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
});

const stores: [string, () => EventStore & { close?(): Promise<void> }][] = [
  ['sqlite', () => sqliteStore({ path: join(dir, 'events.db') })],
  ['postgres', () => postgresStore({ connectionString: PG_URL, schema })],
];

describe.each(stores)('dispatchers on the %s store', (_, open) => {
  test('two dispatchers side by side deliver every message exactly once; a refused one is retried through the store', async () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    let refusedOnce = false;
    const receiver = await startWebhookReceiver({
      secret,
      respond: (id) => (id.length > 0 && !refusedOnce ? ((refusedOnce = true), { status: 503 }) : { status: 204 }),
    });
    const store = open();
    const notifications = defineNotifications({
      rules: (d) => d.filter((r) => r.id === 'acknowledgement').map((r) => ({ ...r, channels: ['webhook'] })),
      complainant: (c) => ({
        id: 'complainant',
        name: textOf(c.complainant.name),
        addresses: { webhook: receiver.url },
      }),
    });
    const engine = createEngine({ store, outbox: notifications.outbox });
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const { complaintId } = await engine.execute({
        type: 'receive',
        actor: { id: 'agent-1', role: 'agent' },
        channel: 'web',
        category: 'service',
        complainant: { name: `C${i}` },
        summary: `s${i}`,
      });
      ids.push(complaintId);
    }
    const channel = webhookChannel({ url: receiver.url, secret });
    const options = { store, channels: [channel], batchSize: 8, concurrency: 4, backoff: { baseMs: 1, maxMs: 1 } };
    const a = createDispatcher({ ...options, worker: 'a' });
    const b = createDispatcher({ ...options, worker: 'b' });
    for (let round = 0; round < 20; round++) {
      const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()]);
      if (ra.claimed + rb.claimed === 0 && receiver.ids.size === 60) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    channel.close();
    await receiver.close();

    expect(receiver.ids.size).toBe(60);
    expect(receiver.received.filter((m) => m.duplicate)).toEqual([]);
    const statuses = (await Promise.all(ids.map((id) => deliveryStatus(store, id)))).flat();
    expect(statuses.map((s) => s.state)).toEqual(Array(60).fill('delivered'));
    const retried = statuses.filter((s) => s.attempts === 2);
    expect(retried).toHaveLength(1);
    expect(retried[0]?.lastError).toContain('HTTP 503');
    await store.close?.();
  });
});
