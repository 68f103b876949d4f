/**
 * `pnpm demo`: three complaints through the procedure on the embedded SQLite
 * store, each printed as a timeline with its final state and the result of
 * verifying its hash chain. Run it twice: the complaints of earlier runs are
 * still in the file.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createEngine } from '@redress/core';
import { sqliteStore } from '@redress/store-sqlite';
import { describeDelivery, demoNotifications } from './notifications';
import { earlierComplaints, runQuickstart, summary, timeline } from './quickstart';

const path = resolve(process.env.REDRESS_DEMO_DB ?? '.redress/quickstart.db');
mkdirSync(dirname(path), { recursive: true });
const store = sqliteStore({ path });
const { notifications, dispatcher, receiver } = await demoNotifications(store);
const engine = createEngine({ store, outbox: notifications.outbox });

const earlier = await earlierComplaints(store);
console.log(`Store: ${path} (SQLite, WAL, synchronous=FULL)`);
console.log(
  earlier.length === 0
    ? 'It holds no complaints yet: this is the first run.'
    : `It already holds ${earlier.length} complaints from earlier runs, for example ${earlier.slice(-3).join(', ')}.`,
);

const ids = await runQuickstart(engine);
for (const [story, id] of Object.entries(ids)) {
  console.log(`\n${story}: complaint ${id}`);
  for (const line of timeline(await engine.history(id))) console.log(line);
  console.log(summary(await engine.load(id)));
  const check = await engine.verify(id);
  console.log(
    check.ok
      ? `  verify: ok, ${check.events} events, chain ends ${check.lastHash.slice(0, 12)}…`
      : `  verify: FAILED at v${check.version}: ${check.reason}`,
  );
}
// Messages were written to the outbox in the same appends as the events; deliver them now.
let round = await dispatcher.runOnce();
while (round.claimed > 0) round = await dispatcher.runOnce();
console.log(`\nNotifications delivered (${receiver.received.length}), each signed and verified by the receiver:`);
for (const m of receiver.received) console.log(describeDelivery(m));
await receiver.close();

console.log(`\n${earlier.length + 3} complaints in ${path}; run \`pnpm demo\` again and they are still there.`);
await store.close();
