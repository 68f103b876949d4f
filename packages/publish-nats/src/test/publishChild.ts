/**
 * A publisher process for the kill tests:
 * `publishChild.ts <sqlite:<file> | postgres:<schema>> <servers> <stream> <tenant> <holder> <batch delay ms>`.
 * Publishes the store to NATS until killed, printing one JSON line per acknowledged batch; SIGTERM stops it cleanly.
 */
import { publisher, type EventPublisher, type EventStore } from '@redress/core';
import { postgresStore } from '@redress/store-postgres';
import { sqliteStore } from '@redress/store-sqlite';
import { natsPublisher } from '../natsPublisher';

const [where, servers, stream, tenant, holder, delay] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string,
];
const PG_URL = process.env.REDRESS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const store: EventStore = where.startsWith('sqlite:')
  ? sqliteStore({ path: where.slice('sqlite:'.length), busyTimeoutMs: 10_000 })
  : postgresStore({ connectionString: PG_URL, schema: where.slice('postgres:'.length), maxConnections: 3 });
const nats = natsPublisher({ servers, stream, tenant, ackTimeoutMs: 2000 });
// A pause before each batch keeps the stream going long enough to be killed in the middle of it.
const slow: EventPublisher = {
  name: nats.name,
  async publish(events, context) {
    await new Promise((r) => setTimeout(r, Number(delay)));
    await nats.publish(events, context);
  },
};
const p = publisher({
  store,
  sink: slow,
  name: 'nats',
  holder,
  batchSize: 10,
  leaseMs: 1500,
  pollMs: 50,
  backoff: { baseMs: 50, maxMs: 500 },
  onPublished: (b) => process.stdout.write(`${JSON.stringify({ holder, ...b, at: Date.now() })}\n`),
  onError: (e) => process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`),
});
p.start();
process.stdout.write(`${JSON.stringify({ holder, started: true })}\n`);
process.on('SIGTERM', async () => {
  await p.stop();
  await nats.close?.();
  await store.close?.();
  process.exit(0);
});
