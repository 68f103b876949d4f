/**
 * Publishing figures:
 * - `publish.nats`: events/s from a memory store through the core publisher
 *   and the JetStream sink (batches of 500, pipelined, each message waiting
 *   for its ack, checkpoint after each batch) into a fresh file-backed stream
 *   on the local NATS server. Baseline: the same messages (subjects, JSON
 *   payloads, `Nats-Msg-Id`) published by the raw `@nats-io/jetstream` client,
 *   500 in flight at a time, awaiting every ack, into another fresh stream.
 */
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { createEngine, memoryStore, publisher, type StoredEvent } from '@redress/core';
import { natsPublisher } from '@redress/publish-nats';
import { bestOf, type Report } from './report';

const NATS = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const COMPLAINTS = 2000;
const BATCH = 500;

const filledStore = async () => {
  const store = memoryStore();
  const engine = createEngine({ store, privacy: 'plaintext' });
  for (let i = 0; i < COMPLAINTS; i++) {
    const { complaintId } = await engine.execute({
      type: 'receive',
      actor: { id: 'agent-1', role: 'agent' },
      channel: 'web',
      category: 'quality',
      complainant: { name: `N${i}` },
      summary: `complaint ${i}`,
    });
    await engine.execute({ type: 'addNote', complaintId, actor: { id: 'agent-1', role: 'agent' }, text: `note ${i}` });
  }
  const events: StoredEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  return { store, events };
};

let run = 0;
const freshStream = async (jsm: JetStreamManager, tenant: string) => {
  const name = `redress-${tenant}`;
  await jsm.streams.delete(name).catch(() => false);
  return name;
};

export default async (report: Report) => {
  const { store, events } = await filledStore();
  const nc: NatsConnection = await connect({ servers: NATS });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const encoder = new TextEncoder();

  const ours = await bestOf(3, async () => {
    const tenant = `bench-ours-${process.pid}-${run++}`;
    await freshStream(jsm, tenant);
    const sink = natsPublisher({ connection: nc, tenant });
    const p = publisher({ store, sink, name: tenant, batchSize: BATCH });
    const done = await p.catchUp();
    if (done.position !== events.at(-1)?.position) throw new Error('the publisher did not catch up');
    await p.stop();
    await jsm.streams.delete(`redress-${tenant}`);
  });

  const raw = await bestOf(3, async () => {
    const tenant = `bench-raw-${process.pid}-${run++}`;
    const name = await freshStream(jsm, tenant);
    await jsm.streams.add({ name, subjects: [`redress.${tenant}.>`] });
    for (let i = 0; i < events.length; i += BATCH) {
      await Promise.all(
        events.slice(i, i + BATCH).map((e) => {
          const h = headers();
          h.set('Redress-Position', String(e.position));
          return js.publish(`redress.${tenant}.${e.type}`, encoder.encode(JSON.stringify(e)), {
            msgID: e.id,
            headers: h,
          });
        }),
      );
    }
    const info = await jsm.streams.info(name);
    if (info.state.messages !== events.length) throw new Error('the raw client lost messages');
    await jsm.streams.delete(name);
  });

  const rate = events.length / (ours / 1000);
  const baseRate = events.length / (raw / 1000);
  report({
    name: 'publish.nats',
    unit: 'events/s',
    value: rate,
    baseline: `raw @nats-io/jetstream publishes of the same ${events.length} messages, ${BATCH} in flight, every ack awaited`,
    baselineValue: baseRate,
    ratio: rate / baseRate,
    note: 'memory store, file-backed streams on the local nats-server; best of 3 each',
  });
  await nc.close();
};
