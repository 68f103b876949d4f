import { exampleLifecycle } from '@redress/testing';
import { beforeAll, describe, expect, test } from 'vitest';
import { signCheckpoint } from '../checkpoint/checkpoint';
import { cosignCheckpoint } from '../checkpoint/cosignature';
import { cosignatureVerifier, noteVerifier } from '../checkpoint/noteKeys';
import { cosigner, generateNoteKey, noteSigner } from '../checkpoint/noteSigners';
import { createEngine } from '../engine/createEngine';
import { sequentialIds } from '../engine/ids';
import { isRedressError } from '../errors/redressError';
import { memoryStore } from '../store/memoryStore';
import { checkProof } from './checkProof';
import { inclusionProof, type InclusionProof } from './inclusionProof';

const log = generateNoteKey('complaints.example.com/log');
const verifier = noteVerifier(log.verifierKey);
const store = memoryStore();
// A log written in clear, as before encryption: what the proofs withhold.
const engine = createEngine({
  store,
  ids: sequentialIds(),
  clock: () => new Date('2026-03-02T08:00:00Z'),
  privacy: 'plaintext',
});
const collect = async <T>(items: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};
let note: string;

beforeAll(async () => {
  const first = exampleLifecycle('C-1');
  for (const cmd of [...first.slice(0, -1), ...exampleLifecycle('C-2')]) await engine.execute(cmd);
  const size = await store.merkle.size();
  note = signCheckpoint(
    { origin: 'complaints.example.com/log', size, rootHash: await store.merkle.root(size), extensions: [] },
    noteSigner(log.signerKey),
  );
  await engine.execute(first.at(-1)!); // the follow-up, after the checkpoint
});

/** A proof of C-1 through JSON, as a file carries it. */
const proofOf = async (personalData = false): Promise<InclusionProof> =>
  JSON.parse(
    JSON.stringify(
      await inclusionProof({
        complaintId: 'C-1',
        events: await collect(store.readStream('C-1')),
        checkpoint: note,
        merkle: store.merkle,
        verifier,
        personalData,
      }),
    ),
  );

describe('inclusion proofs', () => {
  test('every event of a complaint under the checkpoint is proven; the one after it is counted, not proven', async () => {
    const proof = await proofOf();
    const events = await collect(store.readStream('C-1'));
    expect(proof.events).toHaveLength(events.length - 1);
    expect(proof.notCovered).toBe(1);
    const check = checkProof(proof, { verifier });
    expect(check).toMatchObject({ ok: true, complaintId: 'C-1', failures: [] });
    expect(check.events.every((e) => e.included)).toBe(true);
  });

  test('personal data in clear is withheld unless asked for; events without it are hashed again and checked', async () => {
    const proof = await proofOf();
    const received = proof.events[0]!;
    expect(received.withheld).toEqual([
      'data.complainant.name',
      'data.complainant.phone',
      'data.summary',
      'data.desiredRemedy',
    ]);
    expect(JSON.stringify(received.event)).not.toContain('王芳');
    const check = checkProof(proof, { verifier });
    expect(check.events[0]?.content).toBe('withheld');
    expect(check.events.find((e) => e.type === 'ComplaintAccepted')?.content).toBe('checked');
    const full = checkProof(await proofOf(true), { verifier });
    expect(full.events.every((e) => e.content === 'checked')).toBe(true);
  });

  test('a changed amount, hash or leaf, an event left out, another log’s key and a missing cosignature each fail the check', async () => {
    const changed = await proofOf();
    const i = changed.events.findIndex(
      (e) => e.event.type === 'RemedyProposed' && 'compensation' in (e.event.data as object),
    );
    (changed.events[i]!.event.data as { compensation: { amount: number } }).compensation.amount = 5000;
    expect(checkProof(changed, { verifier }).failures).toEqual([
      expect.stringMatching(/^event \d+ \(v\d+\): its content does not give its hash/),
    ]);

    const moved = await proofOf();
    (moved.events[2] as { leafIndex: number }).leafIndex += 1;
    expect(checkProof(moved, { verifier }).failures[0]).toMatch(/event 3 \(v3\) is not in the checkpoint's tree/);

    const gap = await proofOf();
    (gap.events as unknown[]).splice(4, 1);
    expect(checkProof(gap, { verifier }).ok).toBe(true); // v4 then v6: the proof does not claim to hold every event
    const relinked = await proofOf();
    (relinked.events[5]!.event as { prevHash: string }).prevHash = relinked.events[3]!.hash;
    expect(
      checkProof(relinked, { verifier }).failures.some((f) => /prevHash is not the hash of the version before/.test(f)),
    ).toBe(true);

    const other = checkProof(await proofOf(), {
      verifier: noteVerifier(generateNoteKey('complaints.example.com/log').verifierKey),
    });
    expect(other).toMatchObject({ ok: false, failures: [expect.stringMatching(/carries no signature of key/)] });

    const witness = generateNoteKey('witness.example.org/w1');
    const w = cosignatureVerifier(witness.verifierKey);
    expect(checkProof(await proofOf(), { verifier, witnesses: [w] }).ok).toBe(false);
    const cosigned = {
      ...(await proofOf()),
      checkpoint: cosignCheckpoint(note, cosigner(witness.signerKey), 1_767_225_600).note,
    };
    expect(checkProof(cosigned, { verifier, witnesses: [w] })).toMatchObject({
      ok: true,
      cosignatures: [{ witness: 'witness.example.org/w1', timestamp: 1_767_225_600 }],
    });
  });

  test('a file that is no proof is VALIDATION; a store whose tree lacks the checkpoint’s root, or an event whose content was changed, is TAMPERED', async () => {
    const code = async (work: () => unknown) => {
      try {
        await work();
      } catch (e) {
        return isRedressError(e) ? e.code : 'other';
      }
      return 'none';
    };
    expect(await code(() => checkProof({ format: 'something else' }, { verifier }))).toBe('VALIDATION');
    const other = memoryStore();
    expect(
      await code(() => inclusionProof({ complaintId: 'C-1', events: [], checkpoint: note, merkle: other.merkle })),
    ).toBe('TAMPERED');
    const events = (await collect(store.readStream('C-1'))).map((e) => structuredClone(e));
    (events[2]!.data as { priority: string }).priority = 'low';
    expect(
      await code(() => inclusionProof({ complaintId: 'C-1', events, checkpoint: note, merkle: store.merkle })),
    ).toBe('TAMPERED');
  });
});
