/**
 * `pnpm demo`: three complaints through the procedure on the embedded SQLite
 * store, each printed as a timeline with its final state and the result of
 * verifying its hash chain, with the complainants' personal data encrypted;
 * then one complainant is erased and the log verified again. Run it twice: the
 * complaints of earlier runs are still in the file.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createEngine, isErased, secretKek, subjectKeys } from '@redress/core';
import { keyFileBeside, sqliteKeyStore, sqliteStore } from '@redress/store-sqlite';
import { describeDelivery, demoNotifications } from './notifications';
import { earlierComplaints, runQuickstart, summary, timeline } from './quickstart';

const path = resolve(process.env.REDRESS_DEMO_DB ?? '.redress/quickstart.db');
mkdirSync(dirname(path), { recursive: true });
const store = sqliteStore({ path });
// The demo keeps its key-encryption key in a file beside the data so that a second run can read
// the first; a real deployment takes it from a secret manager (REDRESS_KEK), never from beside the data.
const kekPath = `${path.replace(/\.db$/, '')}.kek`;
if (!existsSync(kekPath)) writeFileSync(kekPath, randomBytes(32).toString('base64'), { mode: 0o600 });
const keyFile = sqliteKeyStore({ path: keyFileBeside(path) });
const keys = subjectKeys({ store: keyFile, kek: secretKek(readFileSync(kekPath, 'utf8')) });
// The dispatcher opens the outbox payloads, which the engine seals under the same keys.
const { notifications, dispatcher, receiver } = await demoNotifications(store, keys);
const engine = createEngine({ store, outbox: notifications.outbox, privacy: { keys } });

const earlier = await earlierComplaints(store);
console.log(`Store: ${path} (SQLite, WAL, synchronous=FULL)`);
console.log(`Personal data: encrypted, a key per complainant in ${keyFile.path}, wrapped by the KEK in ${kekPath}`);
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

// The withdrawn complainant asks to be forgotten: their key is destroyed, the case stays.
const officer = { id: 'dpo-1', role: 'privacy-officer' } as const;
const erased = await engine.erase({ complaintId: ids.withdrawn }, officer, 'Art. 17 request, ticket 1042');
const after = await engine.load(ids.withdrawn);
console.log(`\nErased subject ${erased.subjectId} (complaint ${ids.withdrawn}, by ${officer.id}):`);
console.log(`  name ${isErased(after.complainant.name) ? '(erased)' : 'STILL READABLE'}, stage ${after.stage}`);
const again = await engine.verify(ids.withdrawn);
console.log(
  again.ok
    ? `  verify after erasure: ok, ${again.events} events, the earlier hashes unchanged`
    : `  verify after erasure: FAILED at v${again.version}: ${again.reason}`,
);

console.log(`\n${earlier.length + 3} complaints in ${path}; run \`pnpm demo\` again and they are still there.`);
await store.close();
await keys.close();
