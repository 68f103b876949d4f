/**
 * A dispatcher process for the crash test: `crashDispatcher.ts <db file> <receiver url> <secret> <worker>`.
 * Delivers the file's outbox through a webhook channel until nothing is pending, then exits.
 * The test kills the first one mid-batch with SIGKILL and starts a second.
 */
import { createDispatcher } from '@redress/core';
import { sqliteStore } from '@redress/store-sqlite';
import { webhookChannel } from '../webhookChannel';

const [path, url, secret, worker] = process.argv.slice(2) as [string, string, string, string];
const store = sqliteStore({ path, busyTimeoutMs: 10_000 });
const channel = webhookChannel({ url, secret, timeoutMs: 2000 });
const dispatcher = createDispatcher({
  store,
  channels: [channel],
  worker,
  batchSize: 16,
  concurrency: 4,
  leaseMs: 3000,
  sendTimeoutMs: 500,
  pollMs: 50,
});

dispatcher.start();
process.stdout.write('started\n');
for (;;) {
  await new Promise((r) => setTimeout(r, 100));
  if ((await store.outbox.list({ status: 'pending' })).length === 0) break;
}
await dispatcher.stop();
channel.close();
await store.close();
