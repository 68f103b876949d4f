import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createEngine, publisher, type EventStore, type StoredEvent } from '@redress/core';
import { postgresStore } from '@redress/store-postgres';
import { sqliteStore } from '@redress/store-sqlite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import pg from 'pg';
import { natsPublisher } from './natsPublisher';
import { freePort, launchPublisher, ownNatsServer, until } from './test/children';
import { describeNats, NATS_URL } from './test/natsTest';
import { freshStream, readStream } from './test/streamReader';

const NATS = NATS_URL;
const PG_URL = process.env.REDRESS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
describeNats('natsPublisher on a real server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-nats-long-'));
  let nc: NatsConnection;
  const streams: string[] = [];
  beforeAll(async () => {
    nc = await connect({ servers: NATS });
  });
  afterAll(async () => {
    const jsm = await jetstreamManager(nc);
    for (const s of streams) await jsm.streams.delete(s).catch(() => false);
    await nc.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const newStream = () => {
    const s = freshStream();
    streams.push(s);
    return { stream: s, tenant: s.replace('redress-test-', 't') };
  };

  const agent = { id: 'agent-1', role: 'agent' } as const;

  /** `n` complaints received (two events each), each with a note: 3n events. */
  const fill = async (store: EventStore, n: number) => {
    const engine = createEngine({ store, privacy: 'plaintext' });
    for (let i = 0; i < n; i++) {
      const { complaintId } = await engine.execute({
        type: 'receive',
        actor: agent,
        channel: 'web',
        category: 'quality',
        complainant: { name: `N${i}` },
        summary: `complaint ${i}`,
      });
      await engine.execute({ type: 'addNote', complaintId, actor: agent, text: `note ${i}` });
    }
  };

  const everything = async (store: EventStore) => {
    const out: StoredEvent[] = [];
    for await (const e of store.readAll()) out.push(e);
    return out;
  };

  /** The stream holds each event of the store once, in the store's global order. */
  const expectStreamIsTheStore = async (stream: string, store: EventStore, conn = nc) => {
    const held = await readStream(conn, stream);
    const stored = await everything(store);
    expect(held.ids).toEqual(stored.map((e) => e.id));
    expect(new Set(held.ids).size).toBe(held.ids.length);
    expect(held.events.map((e) => e.hash)).toEqual(stored.map((e) => e.hash));
  };

  describe('publisher processes killed and brokers restarted', () => {
    test('a publisher SIGKILLed mid-stream loses nothing: its successor resumes after the checkpoint, the stream holds each event once, in order', async () => {
      const { stream, tenant } = newStream();
      const path = join(dir, 'kill.db');
      const store = sqliteStore({ path });
      await fill(store, 60);
      const total = (await everything(store)).length;

      const first = launchPublisher([`sqlite:${path}`, NATS, stream, tenant, 'first', '30']);
      await until(() => first.batches.length >= 3, 30_000, 'three batches from the first publisher');
      first.child.kill('SIGKILL');
      await first.exited;
      const checkpoint = (await store.checkpoints.get('publisher:nats')) ?? 0;
      expect(checkpoint).toBeGreaterThan(0);
      expect(checkpoint).toBeLessThan((await everything(store)).at(-1)?.position ?? 0);

      // More complaints come in while no publisher runs.
      await fill(store, 10);
      const second = launchPublisher([`sqlite:${path}`, NATS, stream, tenant, 'second', '0']);
      await until(
        async () => (await readStream(nc, stream)).ids.length >= total + 30,
        40_000,
        'the stream to catch up',
      );
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      await expectStreamIsTheStore(stream, store);
      // The second resumed where the checkpoint stood (or after what the stream already held), not from the start.
      expect(second.batches[0]?.from).toBeGreaterThan(checkpoint);
      await store.close();
    });

    test('nats-server stopped and started again mid-stream: the publisher retries with backoff and resumes, nothing lost or repeated', async () => {
      const port = await freePort();
      const server = ownNatsServer(port, mkdtempSync(join(dir, 'js-')));
      await server.start();
      const path = join(dir, 'restart.db');
      const store = sqliteStore({ path });
      await fill(store, 20);
      const sink = natsPublisher({
        servers: server.url,
        stream: 'redress-restart',
        tenant: 'restart',
        ackTimeoutMs: 500,
      });
      const errors: { attempt: number; inMs: number }[] = [];
      let published = 0;
      const p = publisher({
        store,
        sink,
        name: 'nats',
        batchSize: 5,
        pollMs: 20,
        backoff: { baseMs: 50, maxMs: 400 },
        onError: (_e, retry) => errors.push(retry),
        onPublished: (b) => (published += b.count),
      });
      p.start();
      await until(() => published >= 10, 20_000, 'ten events published');
      await server.stop();
      // Complaints keep coming while the broker is down.
      await fill(store, 20);
      await until(() => errors.length >= 2, 20_000, 'failed attempts during the outage');
      await server.start();
      const total = (await everything(store)).length;
      await until(
        async () =>
          ((await store.checkpoints.get('publisher:nats')) ?? 0) >= (await everything(store)).at(-1)!.position,
        30_000,
        'the publisher to catch up',
      );
      await p.stop();
      await sink.close?.();
      expect(errors.map((e) => e.attempt).slice(0, 2)).toEqual([1, 2]);
      expect(errors[1]!.inMs).toBeGreaterThanOrEqual(50);
      const own = await connect({ servers: server.url });
      const held = await readStream(own, 'redress-restart');
      expect(held.ids).toHaveLength(total);
      await expectStreamIsTheStore('redress-restart', store, own);
      await own.close();
      await server.stop();
      await store.close();
    });

    test('two publisher processes on one PostgreSQL store: one publishes at a time; when it is killed the other takes over', async () => {
      const schema = `redress_t_pub_${Math.random().toString(36).slice(2, 10)}`;
      const pool = new pg.Pool({ connectionString: PG_URL, max: 2 });
      pool.on('error', () => {});
      const store = postgresStore({ pool, schema });
      try {
        await fill(store, 40);
        const { stream, tenant } = newStream();
        const a = launchPublisher([`postgres:${schema}`, NATS, stream, tenant, 'a', '40']);
        const b = launchPublisher([`postgres:${schema}`, NATS, stream, tenant, 'b', '40']);
        await until(() => a.batches.length + b.batches.length >= 4, 30_000, 'four batches');
        // Only one of them has published so far: the other waits on the lease.
        const active = a.batches.length > 0 ? a : b;
        const waiting = active === a ? b : a;
        expect(waiting.batches).toEqual([]);
        active.child.kill('SIGKILL');
        await active.exited;
        const total = (await everything(store)).length;
        await until(async () => (await readStream(nc, stream)).ids.length >= total, 40_000, 'the other to finish');
        waiting.child.kill('SIGTERM');
        await waiting.exited;
        expect(waiting.batches.length).toBeGreaterThan(0);
        // The batches never interleave: the killed one's, then the other's, resuming after it.
        const all = [...active.batches, ...waiting.batches];
        expect(all.map((x) => x.from)).toEqual([...all.map((x) => x.from)].sort((x, y) => x - y));
        await expectStreamIsTheStore(stream, store);
      } finally {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await pool.end();
      }
    });
  });
});
