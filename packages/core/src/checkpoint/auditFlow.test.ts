import { expect, test } from 'vitest';
import { createEngine } from '../engine/index';
import { memoryStore } from '../store/memoryStore';
import { verifyConsistency, verifyInclusion } from '../merkle/verifyProofs';
import { merkleRootOf } from '../merkle/memoryTree';
import { openCheckpoint, signCheckpoint } from './checkpoint';
import { cosignCheckpoint, verifyCosignature } from './cosignature';
import { cosignatureVerifier, noteVerifier } from './noteKeys';
import { cosigner, generateNoteKey, noteSigner } from './noteSigners';

const agent = { id: 'agent-7', role: 'agent' } as const;
const receive = (engine: ReturnType<typeof createEngine>, summary: string) =>
  engine.execute({
    type: 'receive',
    actor: agent,
    channel: 'phone',
    category: 'quality',
    complainant: { name: '王芳' },
    summary,
  });

test('a log signs checkpoints of its tree, a witness cosigns, an auditor checks extension and inclusion without the log', async () => {
  const store = memoryStore();
  const engine = createEngine({ store });
  const log = generateNoteKey('complaints.example.com/log');
  const witness = generateNoteKey('witness.example.org/w1');
  const signer = noteSigner(log.signerKey);
  const checkpointNow = async () => {
    const size = await store.merkle.size();
    return signCheckpoint(
      { origin: signer.name, size, rootHash: await store.merkle.root(size), extensions: [] },
      signer,
    );
  };

  const { complaintId } = await receive(engine, 'Kettle leaks after two days');
  await engine.execute({ type: 'addNote', complaintId, actor: agent, text: 'Called the customer back' });
  const first = cosignCheckpoint(await checkpointNow(), cosigner(witness.signerKey), 1_767_225_600).note;
  for (let i = 0; i < 5; i++) await receive(engine, `complaint ${i}`);
  const second = await checkpointNow();

  // The auditor holds the first checkpoint, the log's and the witness's public keys.
  const trusted = openCheckpoint(first, noteVerifier(log.verifierKey));
  expect(verifyCosignature(first, cosignatureVerifier(witness.verifierKey)).timestamp).toBe(1_767_225_600);
  const latest = openCheckpoint(second, noteVerifier(log.verifierKey));
  const extension = await store.merkle.consistencyProof(trusted.size, latest.size);
  expect(
    verifyConsistency({
      oldSize: trusted.size,
      oldRoot: trusted.rootHash,
      newSize: latest.size,
      newRoot: latest.rootHash,
      proof: extension,
    }),
  ).toBe(true);

  for (const event of await engine.history(complaintId)) {
    const index = (await store.merkle.leafIndex(event.position)) as number;
    const proof = await store.merkle.inclusionProof(index, latest.size);
    expect(verifyInclusion({ eventHash: event.hash, index, size: latest.size, proof, root: latest.rootHash })).toBe(
      true,
    );
  }

  // What the checkpoint signs is the tree over the log as readAll gives it.
  const hashes: string[] = [];
  for await (const e of store.readAll()) hashes.push(e.hash);
  expect(latest.rootHash).toBe(await merkleRootOf(hashes));
});
