// The opening example of docs/publishing.md, run by publishNats.int.test.ts: every committed event of a
// SQLite store to NATS JetStream, as a process of its own would run it beside the application.
import { createEngine, publisher, secretKek } from '@redress/core';
import { natsPublisher } from '@redress/publish-nats';
import { keyFileBeside, sqliteKeyStore, sqliteStore } from '@redress/store-sqlite';

const store = sqliteStore({ path: 'complaints.db' });
const keys = sqliteKeyStore({ path: keyFileBeside('complaints.db') });
const engine = createEngine({ store, privacy: { keys: { store: keys, kek: secretKek(process.env.REDRESS_KEK) } } });
await engine.execute({
  type: 'receive',
  actor: { id: 'agent-7', role: 'agent' },
  channel: 'phone',
  category: 'quality',
  complainant: { name: '王芳', phone: '+86 138 0000 0000' },
  summary: 'Kettle leaks after two days',
});

// Subjects redress.<tenant>.<event type>; the stream redress-<tenant> is made if missing.
const sink = natsPublisher({
  servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  tenant: process.env.TENANT ?? 'acme-bank',
});
const nats = publisher({
  store,
  sink,
  name: 'nats', // its checkpoint and its lease: publisher:nats
  onError: (error, { attempt, inMs }) => console.error(`publish attempt ${attempt} failed, again in ${inMs} ms`, error),
});
nats.start(); // every instance may run it: one at a time publishes, the others wait on the lease

// … at shutdown: the batch in hand is finished and the lease given up.
process.once('SIGTERM', async () => {
  await nats.stop();
  await sink.close?.();
  await store.close();
  await keys.close();
});
console.log('publishing');
