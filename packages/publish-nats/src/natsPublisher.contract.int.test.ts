import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { testEventPublisher } from '@redress/testing';
import { afterAll, beforeAll } from 'vitest';
import { natsPublisher } from './natsPublisher';
import { describeNats, NATS_URL } from './test/natsTest';
import { freshStream, readStream } from './test/streamReader';

// The machine's NATS server (JetStream on); each test gets a stream and a tenant of its own.
describeNats('natsPublisher against the sink contract', () => {
  let nc: NatsConnection;
  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
  });
  afterAll(async () => {
    await nc.close();
  });

  testEventPublisher('NATS JetStream', async () => {
    const stream = freshStream();
    const tenant = stream.replace('redress-test-', 't');
    const sink = natsPublisher({ servers: NATS_URL, tenant, stream, storage: 'memory' });
    return {
      sink,
      received: async () => (await readStream(nc, stream)).events,
      cleanup: async () => {
        await (await jetstreamManager(nc)).streams.delete(stream).catch(() => false);
      },
    };
  });
});
