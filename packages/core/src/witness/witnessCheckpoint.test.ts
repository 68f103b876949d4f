import { describe, expect, test } from 'vitest';
import { signCheckpoint } from '../checkpoint/checkpoint';
import { verifyCosignature } from '../checkpoint/cosignature';
import { cosignatureVerifier, noteVerifier } from '../checkpoint/noteKeys';
import { cosigner, generateNoteKey, noteSigner } from '../checkpoint/noteSigners';
import { isRedressError } from '../errors/redressError';
import { memoryTree } from '../merkle/memoryTree';
import { formatAddCheckpoint, parseAddCheckpoint } from './addCheckpointBody';
import { witnessCheckpoint, type WitnessedCheckpoint } from './witnessCheckpoint';

const origin = 'complaints.example.com/log';
const logKey = generateNoteKey(origin);
const witnessKey = generateNoteKey('witness.example.org/w1');
const hex = (n: number) => n.toString(16).padStart(64, '0');

/** A log of `n` leaves (leaf i is the hash `i`, or `i + 1000` once `forkAt` is passed) and its signed checkpoints. */
const logOf = (n: number, forkAt = Infinity) => {
  const tree = memoryTree();
  for (let i = 0; i < n; i++) tree.append(hex(i >= forkAt ? i + 1000 : i), i + 1);
  const checkpoint = async (size: number, key = logKey.signerKey) =>
    signCheckpoint({ origin, size, rootHash: await tree.log.root(size), extensions: [] }, noteSigner(key));
  return { tree, checkpoint };
};

/** A witness in memory, deciding one request at a time. */
const witness = () => {
  const state = new Map<string, WitnessedCheckpoint>();
  return {
    state,
    submit(body: string) {
      const answer = witnessCheckpoint({
        body,
        logs: [noteVerifier(logKey.verifierKey)],
        last: (o) => state.get(o),
        cosigner: cosigner(witnessKey.signerKey),
        now: () => 1_767_225_600,
      });
      if (answer.status === 200) state.set(answer.keep.origin, answer.keep);
      return answer;
    },
  };
};

describe('the add-checkpoint body (C2SP tlog-witness)', () => {
  test('reads back what it writes: the old size, the proof as base64 lines, the checkpoint', async () => {
    const { tree, checkpoint } = logOf(9);
    const proof = await tree.log.consistencyProof(5, 9);
    const body = formatAddCheckpoint({ oldSize: 5, proof, checkpoint: await checkpoint(9) });
    expect(body.split('\n')[0]).toBe('old 5');
    expect(body.split('\n')[1]).toBe(Buffer.from(proof[0]!, 'hex').toString('base64'));
    expect(parseAddCheckpoint(body)).toEqual({ oldSize: 5, proof, checkpoint: await checkpoint(9) });
  });

  test.each([
    ['no empty line', 'old 5\n'],
    ['a size with a leading zero', 'old 05\n\nx'],
    ['no "old"', 'new 5\n\nx'],
    ['a proof line of 31 bytes', `old 5\n${Buffer.alloc(31).toString('base64')}\n\nx`],
    ['64 proof lines', `old 5\n${`${Buffer.alloc(32).toString('base64')}\n`.repeat(64)}\nx`],
  ])('%s is refused with VALIDATION', (_, body) => {
    let error: unknown;
    try {
      parseAddCheckpoint(body);
    } catch (e) {
      error = e;
    }
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
  });
});

describe('witnessCheckpoint', () => {
  test('cosigns a first checkpoint from old 0, then only extensions of the last one it cosigned', async () => {
    const w = witness();
    const { tree, checkpoint } = logOf(12);
    const first = w.submit(formatAddCheckpoint({ oldSize: 0, proof: [], checkpoint: await checkpoint(7) }));
    expect(first.status).toBe(200);
    expect(
      verifyCosignature(`${await checkpoint(7)}${first.body}`, cosignatureVerifier(witnessKey.verifierKey)),
    ).toEqual({ timestamp: 1_767_225_600 });
    const next = w.submit(
      formatAddCheckpoint({
        oldSize: 7,
        proof: await tree.log.consistencyProof(7, 12),
        checkpoint: await checkpoint(12),
      }),
    );
    expect(next.status).toBe(200);
    expect(w.state.get(origin)?.size).toBe(12);
    expect(w.submit(formatAddCheckpoint({ oldSize: 12, proof: [], checkpoint: await checkpoint(12) })).status).toBe(
      200,
    );
  });

  test('a rewritten log gets no cosignature: its proof fails (422), and claiming another old size is a conflict naming the witness’s (409)', async () => {
    const w = witness();
    const honest = logOf(8);
    w.submit(formatAddCheckpoint({ oldSize: 0, proof: [], checkpoint: await honest.checkpoint(8) }));
    const forged = logOf(16, 3);
    const answer = w.submit(
      formatAddCheckpoint({
        oldSize: 8,
        proof: await forged.tree.log.consistencyProof(8, 16),
        checkpoint: await forged.checkpoint(16),
      }),
    );
    expect(answer.status).toBe(422);
    expect(
      w.submit(formatAddCheckpoint({ oldSize: 0, proof: [], checkpoint: await forged.checkpoint(16) })),
    ).toMatchObject({ status: 409, contentType: 'text/x.tlog.size', body: '8\n' });
    expect(
      w.submit(formatAddCheckpoint({ oldSize: 8, proof: [], checkpoint: await forged.checkpoint(8) })).status,
    ).toBe(409);
    expect(w.state.get(origin)?.size).toBe(8);
  });

  test('an unknown log is 404, a checkpoint not signed by its trusted key 403, an old size past the new one or a malformed body 400', async () => {
    const w = witness();
    const { checkpoint } = logOf(4);
    const stranger = signCheckpoint(
      { origin: 'other.example/log', size: 1, rootHash: hex(1), extensions: [] },
      noteSigner(generateNoteKey('other.example/log').signerKey),
    );
    expect(w.submit(formatAddCheckpoint({ oldSize: 0, proof: [], checkpoint: stranger })).status).toBe(404);
    const impostor = await checkpoint(4, generateNoteKey(origin).signerKey);
    expect(w.submit(formatAddCheckpoint({ oldSize: 0, proof: [], checkpoint: impostor })).status).toBe(403);
    expect(w.submit(formatAddCheckpoint({ oldSize: 5, proof: [], checkpoint: await checkpoint(4) })).status).toBe(400);
    expect(w.submit('old 0\n\nnot a note').status).toBe(400);
    expect(w.state.size).toBe(0);
  });
});
