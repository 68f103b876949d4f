// The code of docs/audit-trust.md, in the page's order, run by auditTrust.test.ts:
// a log signs checkpoints of its tree, a witness cosigns them, an auditor checks
// the log against one, and a complaint's proof without the log. The test imports it
// (which runs it, on a memory store) and checks the values in `shown`.
import {
  checkProof,
  cosignatureVerifier,
  cosigner,
  createEngine,
  formatAddCheckpoint,
  generateNoteKey,
  inclusionProof,
  memoryStore,
  noteSigner,
  noteVerifier,
  openCheckpoint,
  signCheckpoint,
  verifyCosignature,
  verifyInclusion,
  verifyTrusted,
  witnessCheckpoint,
  type StoredEvent,
  type WitnessedCheckpoint,
} from '@redress/core';

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

const store = memoryStore();
const engine = createEngine({ store });
const agent = { id: 'agent-7', role: 'agent' } as const;
const receive = (summary: string) =>
  engine.execute({
    type: 'receive',
    actor: agent,
    channel: 'phone',
    category: 'quality',
    complainant: { name: '王芳' },
    summary,
  });
const { complaintId } = await receive('Kettle leaks after two days');
const event = (await engine.history(complaintId))[0] as StoredEvent;

// The log-wide Merkle tree
const size = await store.merkle.size(); // leaves: every event, in global order
const root = await store.merkle.root(size); // 64 hex digits
const leaf = (await store.merkle.leafIndex(event.position)) as number;
const path = await store.merkle.inclusionProof(leaf, size);
const included = verifyInclusion({ eventHash: event.hash, index: leaf, size, proof: path, root }); // true, without the log

// Checkpoints
// Once: keep signerKey secret (never in the event database), publish verifierKey.
const { signerKey, verifierKey } = generateNoteKey('complaints.example.com/log');
const signer = noteSigner(signerKey); // or noteSigner(keyObject, 'complaints.example.com/log')
const note = signCheckpoint({ origin: signer.name, size, rootHash: root, extensions: [] }, signer);
const trusted = openCheckpoint(note, noteVerifier(verifierKey)); // { origin, size, rootHash, … }

// A witness decides an add-checkpoint request (what `redress witness` serves)
const witnessKey = generateNoteKey('witness.example.org/w1');
const seen = new Map<string, WitnessedCheckpoint>(); // the last checkpoint it cosigned, per log
const answer = witnessCheckpoint({
  body: formatAddCheckpoint({ oldSize: 0, proof: [], checkpoint: note }),
  logs: [noteVerifier(verifierKey)], // the logs it trusts
  last: (origin) => seen.get(origin),
  cosigner: cosigner(witnessKey.signerKey),
  now: () => Math.floor(Date.now() / 1000),
});
if (answer.status === 200) seen.set(answer.keep.origin, answer.keep); // kept durably before answering
const cosigned = `${note}${answer.body}`; // the checkpoint with the witness's cosignature
const { timestamp } = verifyCosignature(cosigned, cosignatureVerifier(witnessKey.verifierKey));

// The log grows; its next checkpoint goes to the witness with the proof that it extends the last
await engine.execute({ type: 'addNote', complaintId, actor: agent, text: 'Called the customer back' });
await receive('Late delivery');
const newSize = await store.merkle.size();
const next = signCheckpoint(
  { origin: signer.name, size: newSize, rootHash: await store.merkle.root(newSize), extensions: [] },
  signer,
);
const body = formatAddCheckpoint({
  oldSize: trusted.size,
  proof: await store.merkle.consistencyProof(trusted.size, newSize),
  checkpoint: next,
});
// POST body to <witness>/add-checkpoint: 200 and a cosignature line, or 409 and the witness's size, 422 for a rewritten log
const second = witnessCheckpoint({
  body,
  logs: [noteVerifier(verifierKey)],
  last: (origin) => seen.get(origin),
  cosigner: cosigner(witnessKey.signerKey),
  now: () => Math.floor(Date.now() / 1000),
});

// An auditor checks the log against the checkpoint it trusts
const result = await verifyTrusted({
  store, // read in global order; its own tree is never trusted
  checkpoint: cosigned,
  verifier: noteVerifier(verifierKey),
  witnesses: [cosignatureVerifier(witnessKey.verifierKey)], // the checkpoint must carry their cosignatures
});
if (!result.ok) for (const f of result.findings) console.log(`${f.kind}: ${f.message}`); // rewritten, deleted, reordered, …

// A complaint's proof, checked without the log
const proof = await inclusionProof({
  complaintId,
  events: await collect(store.readStream(complaintId)),
  checkpoint: next,
  merkle: store.merkle,
});
const file = JSON.stringify(proof); // what `redress prove` writes
const check = checkProof(JSON.parse(file), { verifier: noteVerifier(verifierKey) });
check.ok; // true: every event is in the signed tree; check.failures says what is not

export const shown = { included, trusted, timestamp, second, result, proof, check };
