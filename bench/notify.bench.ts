/**
 * Notification figures:
 * - `deliver.webhook`: messages/s from the outbox through the dispatcher and the
 *   signed webhook channel to a local HTTP receiver, 8 in flight. Baseline: plain
 *   keep-alive POSTs of the same bodies to the same receiver, 8 in flight, no
 *   store, no signing.
 * - `outbox.sqlite`, `outbox.postgres`: the same appends (a received complaint's
 *   two events) without outbox rows and with the acknowledgement row the default
 *   policy writes. ratio = time without / time with.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  createDispatcher,
  createEngine,
  defineNotifications,
  memoryStore,
  type EventStore,
  type OutboxMessage,
  type StoredEvent,
} from '@redress/core';
import { webhookChannel } from '@redress/notify-webhook';
import { postgresStore } from '@redress/store-postgres';
import { sqliteStore } from '@redress/store-sqlite';
import type { Report } from './report';

const receiver = async () => {
  let count = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count++;
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, count: () => count, close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))) };
};

const webhookRows = (n: number): OutboxMessage[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `N-${i}`,
    streamId: 'C-1',
    eventId: `E-${i}`,
    channel: 'webhook',
    payload: { kind: 'notification', subject: 'Complaint received', text: `We have received complaint ${i}` },
  }));

/** A memory store holding `n` webhook messages, appended 50 to a complaint as the engine would. */
const filledStore = async (n: number) => {
  const store = memoryStore();
  const template = (
    await createEngine({ store: memoryStore() }).execute({
      type: 'receive',
      actor: { id: 'a', role: 'agent' },
      channel: 'web',
      category: 'x',
      complainant: { name: 'A' },
      summary: 's',
    })
  ).events[0] as StoredEvent;
  const rows = webhookRows(n);
  for (let i = 0; i * 50 < n; i++) {
    const { position: _p, ...event } = template;
    await store.append(`C-${i}`, [{ ...event, streamId: `C-${i}` }], {
      expectedVersion: 0,
      outbox: rows.slice(i * 50, (i + 1) * 50).map((r) => ({ ...r, streamId: `C-${i}` })),
    });
  }
  return store;
};

const deliverWebhook = async (report: Report) => {
  const n = 3000;
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const target = await receiver();
  const channel = webhookChannel({ url: target.url, secret });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const bodies = webhookRows(n).map((r) => JSON.stringify({ type: 'redress.notification', data: r }));
  const post = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        target.url,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const dispatchAll = async () => {
    const store = await filledStore(n);
    const dispatcher = createDispatcher({
      store,
      channels: [channel],
      concurrency: 8,
      batchSize: 256,
      leaseMs: 600_000,
      sendTimeoutMs: 10_000,
    });
    const t0 = performance.now();
    let done = 0;
    while (done < n) done += (await dispatcher.runOnce()).delivered;
    return performance.now() - t0;
  };
  const postAll = async () => {
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < n) await post(bodies[next++] as string);
      }),
    );
    return performance.now() - t0;
  };
  // Alternate, after one warm-up round each, and keep the best of each.
  await dispatchAll();
  await postAll();
  let ours = Infinity;
  let base = Infinity;
  for (let i = 0; i < 3; i++) {
    ours = Math.min(ours, await dispatchAll());
    base = Math.min(base, await postAll());
  }
  agent.destroy();
  channel.close();
  await target.close();
  const rate = n / (ours / 1000);
  const baseRate = n / (base / 1000);
  report({
    name: 'deliver.webhook',
    unit: 'messages/s',
    value: rate,
    baseline: 'plain keep-alive POSTs, 8 in flight, same receiver',
    baselineValue: baseRate,
    ratio: rate / baseRate,
    note: 'target ≥ 2000 messages/s',
  });
};

/** Appends of received complaints (two events each) and their acknowledgement outbox rows, built once. */
const workload = async (n: number) => {
  const store = memoryStore();
  const engine = createEngine({ store, outbox: defineNotifications({ locale: 'en' }).outbox });
  const appends: { streamId: string; events: StoredEvent[]; outbox: OutboxMessage[] }[] = [];
  for (let i = 0; i < n; i++) {
    const { complaintId } = await engine.execute({
      type: 'receive',
      actor: { id: 'agent-1', role: 'agent' },
      channel: 'email',
      category: 'quality',
      complainant: { name: `Customer ${i}`, email: `c${i}@example.com` },
      summary: 'Kettle leaks after two days',
    });
    appends.push({
      streamId: complaintId,
      events: await engine.history(complaintId),
      outbox: await store.outbox.list({ streamId: complaintId }),
    });
  }
  return appends;
};

const outboxCost = async (
  report: Report,
  name: string,
  detail: string,
  open: (run: number) => Promise<{ store: EventStore; dispose: () => Promise<void> }>,
  n: number,
) => {
  const appends = await workload(n);
  // Two stores side by side, one written without outbox rows and one with; each append is
  // timed on both in turn (the order flips every time), so that the machine's ups and downs
  // (fsync stalls, other processes) fall on both sides alike.
  const plain = await open(0);
  const withRows = await open(1);
  let without = 0;
  let withOutbox = 0;
  const time = async (store: EventStore, a: (typeof appends)[number], outbox: boolean) => {
    const events = a.events.map(({ position: _p, ...e }) => e);
    const t0 = performance.now();
    await store.append(a.streamId, events, { expectedVersion: 0, ...(outbox ? { outbox: a.outbox } : {}) });
    return performance.now() - t0;
  };
  const warmUp = 50;
  for (const [i, a] of appends.entries()) {
    const first = i % 2 === 0;
    const x = first ? await time(plain.store, a, false) : 0;
    const y = await time(withRows.store, a, true);
    const z = first ? 0 : await time(plain.store, a, false);
    if (i >= warmUp) {
      without += x + z;
      withOutbox += y;
    }
  }
  await plain.dispose();
  await withRows.dispose();
  const counted = appends.length - warmUp;
  report({
    name,
    unit: 'ms per append',
    value: withOutbox / counted,
    baseline: 'the same appends without outbox rows',
    baselineValue: without / counted,
    ratio: without / withOutbox,
    note: `${detail}; target ratio ≥ 0.83`,
  });
};

export default async (report: Report) => {
  await deliverWebhook(report);

  const dir = mkdtempSync(join(tmpdir(), 'redress-bench-outbox-'));
  try {
    await outboxCost(
      report,
      'outbox.sqlite',
      'default durability (full: fsync per append)',
      async (run) => {
        const store = sqliteStore({ path: join(dir, `run-${run}.db`) });
        return { store, dispose: () => store.close() };
      },
      1000,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const connectionString = 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Pool({ connectionString, max: 1 });
  try {
    await outboxCost(
      report,
      'outbox.postgres',
      'local server, default settings',
      async (run) => {
        const schema = `bench_outbox_${process.pid}_${run}`;
        const store = postgresStore({ connectionString, schema, maxConnections: 2 });
        return {
          store,
          dispose: async () => (
            await store.close?.(), void (await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`))
          ),
        };
      },
      1000,
    );
  } finally {
    await admin.end();
  }
};
