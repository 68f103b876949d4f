import { strictBase64, MAX_NOTE_BYTES } from '../checkpoint/signedNote';
import { RedressError } from '../errors/redressError';
import { hashBytes, type MerkleHash } from '../merkle/treeHash';

/**
 * The request of C2SP tlog-witness `add-checkpoint`: the size of the last
 * checkpoint the witness cosigned for this log (0 for none), the consistency
 * proof from it to the new one, and the new checkpoint as a signed note.
 *
 * @example
 * const request: AddCheckpoint = { oldSize: 20, proof: await store.merkle!.consistencyProof(20, 42), checkpoint: note };
 */
export interface AddCheckpoint {
  readonly oldSize: number;
  readonly proof: readonly MerkleHash[];
  readonly checkpoint: string;
}

/**
 * The spec's limit on consistency proof lines (a proof between trees of up to 2^63 leaves).
 *
 * @example
 * parseAddCheckpoint(body).proof.length <= MAX_PROOF_LINES; // always
 */
export const MAX_PROOF_LINES = 63;

/**
 * The largest `add-checkpoint` body a witness reads: a note at its limit, the
 * old size line and every proof line.
 *
 * @example
 * if (received > MAX_ADD_CHECKPOINT_BYTES) return respond(413);
 */
export const MAX_ADD_CHECKPOINT_BYTES = MAX_NOTE_BYTES + 32 + MAX_PROOF_LINES * 45;

const SIZE = /^(0|[1-9][0-9]*)$/;
const bad = (why: string) =>
  new RedressError(
    'VALIDATION',
    `The add-checkpoint request is malformed: ${why}; send "old <size>", the consistency proof a base64 hash a line, a blank line, then the signed checkpoint`,
  );

/**
 * The body of an `add-checkpoint` request (C2SP tlog-witness): `old <size>`,
 * one base64 hash a line, an empty line, then the checkpoint.
 *
 * @example
 * await fetch(`${witnessUrl}/add-checkpoint`, { method: 'POST', body: formatAddCheckpoint({ oldSize, proof, checkpoint: note }) });
 */
export const formatAddCheckpoint = (request: AddCheckpoint): string => {
  if (!Number.isSafeInteger(request.oldSize) || request.oldSize < 0)
    throw bad('the old size must be a whole number ≥ 0');
  const lines = request.proof.map((hash) => {
    const bytes = hashBytes(hash);
    if (bytes === undefined) throw bad('each proof hash must be 64 lowercase hex digits');
    return `${bytes.toString('base64')}\n`;
  });
  if (lines.length > MAX_PROOF_LINES) throw bad(`a proof has at most ${MAX_PROOF_LINES} hashes`);
  return `old ${request.oldSize}\n${lines.join('')}\n${request.checkpoint}`;
};

/**
 * Read an `add-checkpoint` body strictly: `old` and a decimal size without
 * leading zeros, at most 63 proof lines each the base64 of 32 bytes, an empty
 * line, and the rest as the checkpoint note (checked later). Anything else is
 * `VALIDATION` (a witness answers 400).
 *
 * @example
 * const { oldSize, proof, checkpoint } = parseAddCheckpoint(await readBody(request));
 */
export const parseAddCheckpoint = (body: string | Uint8Array): AddCheckpoint => {
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  if (size > MAX_ADD_CHECKPOINT_BYTES)
    throw bad(`it has ${size} bytes, more than the ${MAX_ADD_CHECKPOINT_BYTES} accepted`);
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  const blank = text.indexOf('\n\n');
  if (blank === -1) throw bad('no empty line ends the proof');
  const [first = '', ...proofLines] = text.slice(0, blank).split('\n');
  const old = /^old (.*)$/.exec(first)?.[1];
  if (old === undefined || !SIZE.test(old) || !Number.isSafeInteger(Number(old)))
    throw bad('its first line is not "old" and a size in decimal');
  if (proofLines.length > MAX_PROOF_LINES)
    throw bad(`its proof has ${proofLines.length} lines, more than ${MAX_PROOF_LINES}`);
  const proof = proofLines.map((line, i) => {
    const bytes = strictBase64(line);
    if (bytes === undefined || bytes.length !== 32)
      throw bad(`proof line ${i + 1} is not the base64 of a 32-byte hash`);
    return bytes.toString('hex');
  });
  return { oldSize: Number(old), proof, checkpoint: text.slice(blank + 2) };
};
