// The code of docs/audit-trust.md's sections on the checkpointer, delivery
// evidence and what verify finds without a checkpoint, run by
// provableHistory.test.ts (which imports it, and so runs it) on a memory store, a
// temporary directory and a witness on loopback. `changedStore` stands for someone with write access to the
// database: the SQLite and PostgreSQL tests do the same with SQL.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestWitness } from '@redress/testing';
import {
  checkpointer,
  cosigner,
  generateNoteKey,
  cosignatureVerifier,
  createEngine,
  directorySink,
  hashEvent,
  isRedressError,
  memoryStore,
  noteSigner,
  noteVerifier,
  storeSink,
  verifyTrusted,
  witnessSink,
  type EventStore,
  type OutboxMessage,
  type RecordedEvent,
  type StoredEvent,
} from '@redress/core';

/** The store as someone who rewrote its rows would leave it: every read sees `change` applied. */
const changedStore = (store: EventStore, change: (events: StoredEvent[]) => StoredEvent[]): EventStore => ({
  ...store,
  async *readStream(streamId, options) {
    const all: StoredEvent[] = [];
    for await (const e of store.readStream(streamId, options)) all.push(structuredClone(e));
    yield* change(all);
  },
});

// A witness on loopback, and the log's key pair (an app reads its key from a secret).
const log = generateNoteKey('complaints.example.com/log');
const witnessKeys = generateNoteKey('witness.example.org/w1');
const witness = await startTestWitness({
  logs: [noteVerifier(log.verifierKey)],
  cosigner: cosigner(witnessKeys.signerKey),
});
const witnessUrl = witness.url;
const witnessKey = witnessKeys.verifierKey;

const notify = (events: readonly RecordedEvent[]): OutboxMessage[] =>
  events
    .filter((e) => e.type === 'ComplaintReceived')
    .map((e) => ({ id: `ack-${e.streamId}`, streamId: e.streamId, eventId: e.id, channel: 'email', payload: {} }));
const store = memoryStore();
const engine = createEngine({ store, outbox: notify });
const agent = { id: 'agent-7', role: 'agent' } as const;
const { complaintId } = await engine.execute({
  type: 'receive',
  actor: agent,
  channel: 'phone',
  category: 'quality',
  complainant: { name: '王芳' },
  summary: 'Kettle leaks after two days',
});
const directory = mkdtempSync(join(tmpdir(), 'checkpoints-'));

// The checkpointer
const checkpoints = checkpointer({
  store,
  signer: noteSigner(log.signerKey), // from a secret of the app, never from the event database
  every: { events: 1000, seconds: 300 }, // whichever comes first
  sinks: [
    storeSink(store), // the store's own table: the arbiter between app instances, and no evidence
    witnessSink({ url: witnessUrl, witness: cosignatureVerifier(witnessKey) }), // its cosignature is kept
    directorySink({ path: directory }), // one file per checkpoint, cosigned; copy it off the machine
  ],
});
checkpoints.start({ onError: (error) => console.error(error) }); // a tick a second on each app instance
// … at shutdown (a checkpoint under way is finished first):
await checkpoints.stop();
const trusted = checkpoints.last?.note as string; // the signed note, with the witness's cosignature

// Delivery records are evidence
const [message] = await store.outbox.claim({ now: new Date(), limit: 1, leaseMs: 30_000, worker: 'dispatcher-1' });
await store.outbox.complete(message?.id as string, { now: new Date(), worker: 'dispatcher-1' });
const records = await store.outbox.deliveries?.(); // [{ seq: 1, outboxId: 'ack-…', outcome: 'delivered', … }]
await engine.execute({ type: 'addNote', complaintId, actor: agent, text: 'Customer called back' });
const later = (await checkpoints.checkpoint())?.checkpoint; // its extensions: ['deliveries 1 …']
const audit = await verifyTrusted({
  store, // readAll, merkle and outbox: the outbox is checked against its delivery records
  checkpoint: later?.note as string,
  verifier: noteVerifier(log.verifierKey),
});
// A row set to 'delivered' by hand has no record: a `delivery` finding names it, its event and complaint.
const deliveryFindings = audit.findings.filter((f) => f.kind === 'delivery');

// What verify finds without a checkpoint
const edited = changedStore(store, (events) =>
  events.map((e) => (e.version === 1 ? ({ ...e, data: { ...e.data, summary: 'No complaint' } } as StoredEvent) : e)),
);
const refused = await createEngine({ store: edited })
  .load(complaintId)
  .catch((error: unknown) => error); // TAMPERED, details { streamId, version: 1, failed: 'hash' }
const found = await createEngine({ store: edited }).verify(complaintId); // { ok: false, version: 1, reason }

// … and what it cannot
const rehashed = changedStore(store, (events) => {
  let prevHash = events[0]?.prevHash as string;
  return events.map((e) => {
    const changed = e.version === 1 ? { ...e, data: { ...e.data, summary: 'No complaint' } } : e;
    const next = { ...changed, prevHash, hash: hashEvent({ ...changed, prevHash }) } as StoredEvent;
    prevHash = next.hash;
    return next;
  });
});
const missed = await createEngine({ store: rehashed }).verify(complaintId); // { ok: true }: the chain links up
const caught = await verifyTrusted({
  store: { ...rehashed, readAll: () => rehashedAll(rehashed, complaintId, store) },
  checkpoint: trusted,
  verifier: noteVerifier(log.verifierKey),
}); // ok: false, findings[0].kind 'rewritten': the signed root no longer matches

export const shown = {
  logKey: log.verifierKey,
  witnessKey,
  trusted,
  records,
  later,
  audit,
  deliveryFindings,
  refusedIsTampered: isRedressError(refused, 'TAMPERED'),
  refused,
  found,
  missed,
  caught,
};

await witness.close();

/** The global order as the rewritten store would yield it: the complaint's events rewritten, the others as they are. */
async function* rehashedAll(changed: EventStore, complaintId: string, original: EventStore) {
  const rewritten = new Map<number, StoredEvent>();
  for await (const e of changed.readStream(complaintId)) rewritten.set(e.position, e);
  for await (const e of original.readAll()) yield rewritten.get(e.position) ?? e;
}
