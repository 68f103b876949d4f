import { openCheckpoint, parseCheckpoint, type Checkpoint } from '../checkpoint/checkpoint';
import { cosignCheckpoint } from '../checkpoint/cosignature';
import type { NoteSigner, NoteVerifier } from '../checkpoint/noteKeys';
import { parseSignedNote } from '../checkpoint/signedNote';
import { shownText } from '../checkpoint/shownText';
import { isRedressError } from '../errors/redressError';
import { verifyConsistency } from '../merkle/verifyProofs';
import { EMPTY_ROOT, type MerkleHash } from '../merkle/treeHash';
import { parseAddCheckpoint } from './addCheckpointBody';

/**
 * What a witness keeps of a log: the last checkpoint it cosigned (its size,
 * root and the note as received).
 *
 * @example
 * const last: WitnessedCheckpoint = { origin: 'complaints.example.com/log', size: 42, rootHash, note };
 */
export interface WitnessedCheckpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: MerkleHash;
  readonly note: string;
}

/**
 * A witness's answer to `add-checkpoint`, as C2SP tlog-witness says: 200 with
 * the cosignature line (and the checkpoint to keep, before answering), or a
 * refusal: 400 malformed, 403 no trusted signature, 404 unknown log, 409 an
 * old size that is not the witness's (its size in the body, as
 * `text/x.tlog.size`) or the same size with another root, 422 a consistency
 * proof that does not verify.
 *
 * @example
 * const answer = witnessCheckpoint({ body, logs, last, cosigner, now });
 * if (answer.status === 200) await keep(answer.keep);
 */
export type WitnessAnswer =
  | {
      readonly status: 200;
      readonly contentType: 'text/plain; charset=utf-8';
      readonly body: string;
      readonly keep: WitnessedCheckpoint;
    }
  | {
      readonly status: 400 | 403 | 404 | 409 | 422;
      readonly contentType: 'text/plain; charset=utf-8' | 'text/x.tlog.size';
      readonly body: string;
    };

/**
 * What `witnessCheckpoint` decides with: the request body, the public keys of
 * the logs the witness trusts (named by their origin), the last checkpoint it
 * cosigned for an origin, its cosigner, and the time.
 *
 * @example
 * const input: WitnessInput = { body, logs: [noteVerifier(logVkey)], last: (origin) => state.get(origin), cosigner: cosigner(key), now: () => Math.floor(Date.now() / 1000) };
 */
export interface WitnessInput {
  readonly body: string | Uint8Array;
  readonly logs: readonly NoteVerifier[];
  readonly last: (origin: string) => WitnessedCheckpoint | undefined;
  readonly cosigner: NoteSigner;
  /** Seconds since 1970, for the cosignature's timestamp. */
  readonly now: () => number;
}

const TEXT = 'text/plain; charset=utf-8' as const;
const refuse = (status: 400 | 403 | 404 | 422, message: string): WitnessAnswer => ({
  status,
  contentType: TEXT,
  body: `${message}\n`,
});
const conflict = (size: number): WitnessAnswer => ({ status: 409, contentType: 'text/x.tlog.size', body: `${size}\n` });

/** The checkpoint if one of the keys for its origin signed it, else why not. */
const signedBy = (note: string, keys: readonly NoteVerifier[]): Checkpoint | undefined => {
  for (const key of keys) {
    try {
      return openCheckpoint(note, key);
    } catch (error) {
      if (!isRedressError(error)) throw error;
    }
  }
  return undefined;
};

/**
 * Decide an `add-checkpoint` request as a C2SP tlog-witness does, without I/O:
 * the checkpoint must be signed by a trusted key of its origin, its old size
 * must be the size of the last checkpoint this witness cosigned for that log
 * (0 for none), and the consistency proof must show that the new tree extends
 * that one. Only then is it cosigned (C2SP tlog-cosignature). A log whose
 * operator rewrote history cannot pass: no proof from the witness's last
 * checkpoint to the rewritten tree exists. The caller keeps `keep` durably
 * before it answers, and decides one request at a time per origin (the spec's
 * check-then-store must be atomic).
 *
 * @example
 * const answer = witnessCheckpoint({ body, logs, last: (o) => state.get(o), cosigner: me, now: () => Math.floor(Date.now() / 1000) });
 * response.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
 */
export const witnessCheckpoint = (input: WitnessInput): WitnessAnswer => {
  let request: ReturnType<typeof parseAddCheckpoint>;
  let checkpoint: Checkpoint;
  try {
    request = parseAddCheckpoint(input.body);
    checkpoint = parseCheckpoint(parseSignedNote(request.checkpoint).text);
  } catch (error) {
    if (isRedressError(error)) return refuse(400, error.message);
    throw error;
  }
  const keys = input.logs.filter((k) => k.name === checkpoint.origin);
  if (keys.length === 0)
    return refuse(
      404,
      `This witness does not know the log ${shownText(checkpoint.origin)}; ask its operator to add the log's public key`,
    );
  if (signedBy(request.checkpoint, keys) === undefined)
    return refuse(403, `No signature on the checkpoint verifies with a trusted key of ${shownText(checkpoint.origin)}`);
  if (request.oldSize > checkpoint.size)
    return refuse(400, `The old size ${request.oldSize} is larger than the checkpoint's size ${checkpoint.size}`);
  const last = input.last(checkpoint.origin);
  const lastSize = last?.size ?? 0;
  if (request.oldSize !== lastSize) return conflict(lastSize);
  const lastRoot = last?.rootHash ?? EMPTY_ROOT;
  if (request.oldSize === checkpoint.size && checkpoint.rootHash !== lastRoot) return conflict(lastSize);
  if (
    !verifyConsistency({
      oldSize: lastSize,
      oldRoot: lastRoot,
      newSize: checkpoint.size,
      newRoot: checkpoint.rootHash,
      proof: request.proof,
    })
  ) {
    return refuse(
      422,
      `The consistency proof does not show that the tree of ${checkpoint.size} extends the one of ${lastSize} this witness cosigned: the log's history differs from what it saw`,
    );
  }
  const { line } = cosignCheckpoint(request.checkpoint, input.cosigner, input.now());
  return {
    status: 200,
    contentType: TEXT,
    body: line,
    keep: { origin: checkpoint.origin, size: checkpoint.size, rootHash: checkpoint.rootHash, note: request.checkpoint },
  };
};
