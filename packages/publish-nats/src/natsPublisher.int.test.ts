import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  complaintListProjection,
  createEngine,
  isRedressError,
  projectionRunner,
  publisher,
  secretKek,
  subjectKeys,
  type StoredEvent,
} from '@redress/core';
import { keyFileBeside, sqliteKeyStore, sqliteStore } from '@redress/store-sqlite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type NatsConnectionLike, natsPublisher } from './natsPublisher';
import { subjectOf } from './subjects';
import { describeNats, NATS_URL } from './test/natsTest';
import { freshStream, readStream } from './test/streamReader';

const NATS = NATS_URL;
describeNats('natsPublisher on a real server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-nats-'));
  let nc: NatsConnection;
  const made: string[] = [];
  beforeAll(async () => {
    nc = await connect({ servers: NATS });
  });
  afterAll(async () => {
    const jsm = await jetstreamManager(nc);
    for (const s of made) await jsm.streams.delete(s).catch(() => false);
    await nc.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const stream = () => {
    const s = freshStream();
    made.push(s);
    return s;
  };

  const agent = { id: 'agent-1', role: 'agent' } as const;
  const handler = { id: 'handler-1', role: 'handler' } as const;

  const refusal = (run: () => unknown): Error => {
    try {
      run();
    } catch (e) {
      return e as Error;
    }
    throw new Error('not refused');
  };

  describe('natsPublisher options', () => {
    test.each(['acme.bank', 'acme*', 'acme>', 'acme bank', 'tab\there', '', 'a/b'])(
      'tenant %j is refused with VALIDATION saying what a tenant may hold',
      (tenant) => {
        const e = refusal(() => natsPublisher({ tenant }));
        expect(isRedressError(e, 'VALIDATION') && e.details?.option).toBe('tenant');
        expect(e.message).toContain('use letters, digits');
      },
    );

    test('a hostile tenant or event type is shown escaped, never as terminal control', () => {
      const e = refusal(() => natsPublisher({ tenant: 'x\u001b]0;owned\u0007\u202e' }));
      expect(e.message).not.toMatch(/[\u001b\u0007\u202e]/);
      expect(e.message).toContain('\\u001b]0;owned\\u0007\\u202e');
      const t = refusal(() => subjectOf('default', 'Evil.\u001b[2J>'));
      expect(isRedressError(t, 'VALIDATION')).toBe(true);
      expect(t.message).not.toMatch(/\u001b/);
    });

    test('connection and servers together, a bad window or storage are refused', () => {
      expect(refusal(() => natsPublisher({ connection: nc, servers: NATS })).message).toMatch(/not both/);
      expect(
        isRedressError(
          refusal(() => natsPublisher({ duplicateWindowMs: 0 })),
          'VALIDATION',
        ),
      ).toBe(true);
      expect(
        isRedressError(
          refusal(() => natsPublisher({ storage: 'disk' as 'file' })),
          'VALIDATION',
        ),
      ).toBe(true);
    });

    test('a connection that is not a NATS connection is refused before anything is sent', () => {
      const notOne = { isClosed: () => false } as unknown as NatsConnectionLike;
      const t = refusal(() => natsPublisher({ connection: notOne }));
      expect(isRedressError(t, 'VALIDATION')).toBe(true);
      expect(t.message).toMatch(/must be a NATS connection/);
      // A real connection passes the same check.
      expect(natsPublisher({ connection: nc }).stream).toBe('redress-default');
    });
  });

  describe('natsPublisher on JetStream', () => {
    test('it makes the stream with the tenant subjects and the duplicate window; one that lacks them is refused, unchanged', async () => {
      const name = stream();
      const tenant = `acme-${name.slice(-8)}`;
      const sink = natsPublisher({ connection: nc, tenant, stream: name, duplicateWindowMs: 90_000 });
      const store = sqliteStore({ path: join(dir, `${name}.db`) });
      const engine = createEngine({ store, privacy: 'plaintext' });
      await engine.execute({
        type: 'receive',
        actor: agent,
        channel: 'web',
        category: 'q',
        complainant: { name: 'A' },
        summary: 's',
      });
      await publisher({ store, sink }).catchUp();
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info(name);
      expect(info.config.subjects).toEqual([`redress.${tenant}.>`]);
      expect(info.config.duplicate_window).toBe(90_000 * 1_000_000);
      const subjects = (await readStream(nc, name)).subjects;
      expect(subjects[0]).toBe(`redress.${tenant}.ComplaintReceived`);
      expect(subjects.every((s) => s.startsWith(`redress.${tenant}.`))).toBe(true);

      const other = stream();
      await jsm.streams.add({ name: other, subjects: [`elsewhere.${other}.>`] });
      const refused = natsPublisher({ connection: nc, tenant, stream: other });
      const e = await refused.publish([], { signal: new AbortController().signal }).catch((x: unknown) => x);
      expect(isRedressError(e, 'VALIDATION') && e.details?.option).toBe('stream');
      expect((await jsm.streams.info(other)).config.subjects).toEqual([`elsewhere.${other}.>`]);
      // A second stream for a tenant another stream serves: refused, saying which option to give.
      const twin = natsPublisher({ connection: nc, tenant, stream: stream() });
      const overlap = await twin.publish([], { signal: new AbortController().signal }).catch((x: unknown) => x);
      expect(isRedressError(overlap, 'VALIDATION') && overlap.message).toMatch(/already takes subjects/);
      await store.close();
    });

    test('every message carries Nats-Msg-Id = the event id, and JetStream drops a re-send of it within the window', async () => {
      const name = stream();
      const tenant = name.replace('redress-test-', 't');
      const store = sqliteStore({ path: join(dir, `${name}.db`) });
      const engine = createEngine({ store, privacy: 'plaintext' });
      for (let i = 0; i < 3; i++)
        await engine.execute({
          type: 'receive',
          actor: agent,
          channel: 'web',
          category: 'q',
          complainant: { name: `N${i}` },
          summary: 's',
        });
      await publisher({ store, sink: natsPublisher({ connection: nc, tenant, stream: name }) }).catchUp();
      const held = await readStream(nc, name);
      expect(held.ids).toEqual(held.events.map((e) => e.id));
      // A writer that knows nothing of the stream's end (a stale instance, a script) sends the first event again.
      const first = held.events[0] as StoredEvent;
      const ack = await jetstream(nc).publish(subjectOf(tenant, first.type), JSON.stringify(first), {
        msgID: first.id,
      });
      expect(ack.duplicate).toBe(true);
      expect((await readStream(nc, name)).ids).toEqual(held.ids);
      await store.close();
    });

    test('a sink whose view of the stream is stale (another instance published since) stores no event out of turn', async () => {
      const name = stream();
      const tenant = name.replace('redress-test-', 't');
      const store = sqliteStore({ path: join(dir, `${name}.db`) });
      const engine = createEngine({ store, privacy: 'plaintext' });
      for (let i = 0; i < 10; i++)
        await engine.execute({
          type: 'receive',
          actor: agent,
          channel: 'web',
          category: 'q',
          complainant: { name: `N${i}` },
          summary: 's',
        });
      const all: StoredEvent[] = [];
      for await (const e of store.readAll()) all.push(e);
      const signal = new AbortController().signal;
      const a = natsPublisher({ connection: nc, tenant, stream: name });
      const b = natsPublisher({ connection: nc, tenant, stream: name });
      // A publishes, then stalls past its lease; B takes over and moves the checkpoint on.
      await a.publish(all.slice(0, 4), { signal });
      await b.publish(all.slice(4, 8), { signal });
      // A gets the lease back and publishes after the checkpoint B left, knowing only the end it saw.
      const stale = await a.publish(all.slice(8), { signal }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(stale).toBeInstanceOf(Error);
      // Nothing of the batch went in: sent again, after A read the stream's end, it follows B's.
      expect((await readStream(nc, name)).ids).toEqual(all.slice(0, 8).map((e) => e.id));
      await a.publish(all.slice(8), { signal });
      expect((await readStream(nc, name)).ids).toEqual(all.map((e) => e.id));
      await store.close();
    });

    test('with the privacy policy on, no published byte holds the plaintext of a complaint', async () => {
      const name = stream();
      const path = join(dir, `${name}.db`);
      const store = sqliteStore({ path });
      const keys = subjectKeys({
        store: sqliteKeyStore({ path: keyFileBeside(path) }),
        kek: secretKek(randomBytes(32).toString('base64')),
      });
      const engine = createEngine({ store, privacy: { keys } });
      const secrets = ['Zhao Lihua-7731', '+86 139 7731 0042', 'zhao.lihua.7731@example.com', 'Kettle 7731 scalded me'];
      const { complaintId } = await engine.execute({
        type: 'receive',
        actor: agent,
        channel: 'phone',
        category: 'quality',
        complainant: { name: secrets[0] as string, phone: secrets[1] as string, email: secrets[2] as string },
        summary: secrets[3] as string,
      });
      await engine.execute({
        type: 'accept',
        complaintId,
        actor: handler,
        department: 'quality-control',
        priority: 'high',
      });
      // The engine reads it back in clear, with the keys: the test would see the plaintext were it published.
      expect(JSON.stringify(await engine.load(complaintId))).toContain(secrets[0]);
      await publisher({
        store,
        sink: natsPublisher({ connection: nc, stream: name, tenant: name.replace('redress-test-', 't') }),
      }).catchUp();
      const { raw, events } = await readStream(nc, name);
      expect(events.map((e) => e.type)).toEqual((await engine.history(complaintId)).map((e) => e.type));
      const bytes = raw.join('\n');
      for (const s of secrets) {
        expect(bytes).not.toContain(s);
        // Nor in any other spelling JSON could give it.
        expect(bytes).not.toContain(JSON.stringify(s).slice(1, -1));
      }
      // What was published is the stored form, byte for byte the hash the store keeps.
      const stored: StoredEvent[] = [];
      for await (const e of store.readAll()) stored.push(e);
      expect(events.map((e) => e.hash)).toEqual(stored.map((e) => e.hash));
      await store.close();
    });

    test('a consumer that rebuilds the complaint list from the stream alone gets the store’s list', async () => {
      const name = stream();
      const store = sqliteStore({ path: join(dir, `${name}.db`) });
      const engine = createEngine({ store, privacy: 'plaintext' });
      for (let i = 0; i < 6; i++) {
        const { complaintId } = await engine.execute({
          type: 'receive',
          actor: agent,
          channel: 'web',
          category: i % 2 === 0 ? 'quality' : 'billing',
          complainant: { name: `N${i}` },
          summary: `s${i}`,
        });
        if (i % 3 !== 0)
          await engine.execute({ type: 'accept', complaintId, actor: handler, department: 'd', priority: 'low' });
        if (i === 5) await engine.execute({ type: 'withdraw', complaintId, actor: agent, reason: 'solved elsewhere' });
      }
      await publisher({
        store,
        sink: natsPublisher({ connection: nc, stream: name, tenant: name.replace('redress-test-', 't') }),
        batchSize: 4,
      }).catchUp();
      const projection = complaintListProjection();
      const fromStream = (await readStream(nc, name)).events.reduce(projection.apply, projection.init());
      const fromStore = projectionRunner({ store, projection: complaintListProjection() });
      await fromStore.catchUp();
      expect(fromStream.size).toBe(6);
      expect(fromStream).toEqual(fromStore.state);
      await store.close();
    });
  });
});
