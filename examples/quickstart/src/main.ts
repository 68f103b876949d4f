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
import { main as redress } from '@redress/cli';
import { createEngine, isErased, secretKek, subjectKeys, uuidv7 } from '@redress/core';
import { keyFileBeside, sqliteKeyStore, sqliteStore } from '@redress/store-sqlite';
import { RECEIVER, demoNotifications, describeDeliveries } from './notifications';
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
const earlier = await earlierComplaints(store);
// Reference numbers a person can read out and tell apart (C-20261202-0004), counted on from earlier runs.
let numbered = earlier.length;
const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
const ids = {
  eventId: () => uuidv7(new Date()),
  complaintId: () => `C-${day}-${String(++numbered).padStart(4, '0')}`,
};
const engine = createEngine({ store, outbox: notifications.outbox, privacy: { keys }, ids });

console.log(`Store: ${path} (SQLite, WAL, synchronous=FULL)`);
console.log(`Personal data: encrypted, a key per complainant in ${keyFile.path}, wrapped by the KEK in ${kekPath}`);
console.log(
  earlier.length === 0
    ? 'It holds no complaints yet: this is the first run.'
    : `It already holds ${earlier.length} complaints from earlier runs, for example ${earlier.slice(-3).join(', ')}.`,
);

const made = await runQuickstart(engine);
for (const [story, id] of Object.entries(made)) {
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
console.log(`\nNotifications delivered (${receiver.received.length}) to ${RECEIVER}, by complaint:`);
const stories = Object.fromEntries(Object.entries(made).map(([story, id]) => [id, story]));
for (const line of describeDeliveries(receiver.received, stories)) console.log(line);
await receiver.close();

// The withdrawn complainant asks to be forgotten: their key is destroyed, the case stays.
const officer = { id: 'dpo-1', role: 'privacy-officer' } as const;
const erased = await engine.erase({ complaintId: made.withdrawn }, officer, 'Art. 17 request, ticket 1042');
const after = await engine.load(made.withdrawn);
console.log(`\nErased subject ${erased.subjectId} (complaint ${made.withdrawn}, by ${officer.id}):`);
console.log(`  name ${isErased(after.complainant.name) ? '(erased)' : 'STILL READABLE'}, stage ${after.stage}`);
const again = await engine.verify(made.withdrawn);
console.log(
  again.ok
    ? `  verify after erasure: ok, ${again.events} events, the earlier hashes unchanged`
    : `  verify after erasure: FAILED at v${again.version}: ${again.reason}`,
);

await store.close();
await keys.close();

// The same file, read by the `redress` command line as an auditor would (no keys: personal fields stay hidden).
for (const args of [['verify'], ['audit', made.resolved]]) {
  console.log(`\n$ redress ${[...args, '--store', path].join(' ')}`);
  const code = await redress([...args, '--store', path]);
  if (code !== 0) process.exitCode = code;
}

console.log(`\n${earlier.length + 3} complaints in ${path}; run \`pnpm demo\` again and they are still there.`);
