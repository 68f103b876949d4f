import { RedressError } from '../errors/redressError';
import { hashBytes, type MerkleHash } from '../merkle/treeHash';
import type { NoteSigner, NoteVerifier } from './noteKeys';
import { formatSignedNote, parseSignedNote, strictBase64, type NoteSignature, type SignedNote } from './signedNote';
import { shownText } from './shownText';

/**
 * A log's tree head as C2SP tlog-checkpoint writes it: the log's origin, the
 * tree size, the RFC 6962 root (hex here, base64 in the text) and optional
 * extension lines.
 *
 * @example
 * const checkpoint: Checkpoint = { origin: 'complaints.example.com/log', size: 42, rootHash: await store.merkle!.root(42), extensions: [] };
 */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: MerkleHash;
  readonly extensions: readonly string[];
}

/**
 * A checkpoint whose signature by a trusted key was verified, with the note it came in.
 *
 * @example
 * const trusted: VerifiedCheckpoint = openCheckpoint(note, noteVerifier(vkey));
 */
export interface VerifiedCheckpoint extends Checkpoint {
  /** The note's text: what the signature covers, and what cosignatures are made over. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

const invalid = (why: string) =>
  new RedressError(
    'VALIDATION',
    `The checkpoint is malformed: ${why}; a checkpoint's text is the origin, the tree size and the base64 root hash, a line each`,
  );

const SIZE = /^(0|[1-9][0-9]*)$/;

/**
 * The checkpoint's note text: origin, size, base64 root, extension lines, a
 * newline after each. Refuses what would not parse back (`VALIDATION`).
 *
 * @example
 * formatCheckpoint({ origin: 'example.com/log', size: 0, rootHash: EMPTY_ROOT, extensions: [] });
 * // 'example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n'
 */
export const formatCheckpoint = (checkpoint: Checkpoint): string => {
  const root = hashBytes(checkpoint.rootHash);
  if (root === undefined) throw invalid('its root hash must be 64 lowercase hex digits');
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0)
    throw invalid('its size must be a whole number ≥ 0');
  const text = [checkpoint.origin, String(checkpoint.size), root.toString('base64'), ...checkpoint.extensions]
    .map((line) => `${line}\n`)
    .join('');
  parseCheckpoint(text);
  return text;
};

/**
 * Read a checkpoint's note text strictly (C2SP tlog-checkpoint): at least three
 * non-empty lines, each ending in a newline; a size in decimal with no leading
 * zero; a root hash that is the base64 of 32 bytes. Anything else is a
 * `VALIDATION` RedressError; nothing from the input is echoed raw.
 *
 * @example
 * parseCheckpoint('example.com/log\n3\nq3Jw…=\n'); // { origin: 'example.com/log', size: 3, rootHash: 'ab72…', extensions: [] }
 */
export const parseCheckpoint = (text: string): Checkpoint => {
  if (typeof text !== 'string' || !text.endsWith('\n')) throw invalid('its text does not end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw invalid(`it has ${lines.length} line(s), not at least 3`);
  const empty = lines.indexOf('');
  if (empty !== -1) throw invalid(`line ${empty + 1} is empty`);
  if (/[\u0000-\u001f]/.test(text.slice(0, -1).replaceAll('\n', ''))) throw invalid('it holds a control character');
  const [origin, size, root] = lines as [string, string, string];
  if (!SIZE.test(size) || !Number.isSafeInteger(Number(size)))
    throw invalid(`its size ${shownText(size)} is not a whole number in decimal without leading zeros`);
  const rootBytes = strictBase64(root);
  if (rootBytes === undefined || rootBytes.length !== 32)
    throw invalid(`its root hash ${shownText(root)} is not the base64 of 32 bytes`);
  return { origin, size: Number(size), rootHash: rootBytes.toString('hex'), extensions: lines.slice(3) };
};

/**
 * Sign a checkpoint with the log's key: the signed note to publish and hand to
 * witnesses. The key's name should be the origin (C2SP tlog-checkpoint).
 *
 * @example
 * const note = signCheckpoint({ origin: signer.name, size, rootHash: await store.merkle!.root(size), extensions: [] }, signer);
 */
export const signCheckpoint = (checkpoint: Checkpoint, signer: NoteSigner): string => {
  const text = formatCheckpoint(checkpoint);
  const signature = signer.sign(Buffer.from(text, 'utf8'));
  return formatSignedNote({ text, signatures: [{ name: signer.name, keyId: signer.keyId, signature }] });
};

/**
 * The signature lines of `note` made by `verifier`'s key (same name and key ID);
 * lines of other keys are ignored, as the signed-note spec says.
 *
 * @example
 * signaturesBy(parseSignedNote(note), noteVerifier(vkey)).length; // 1 for a checkpoint that key signed
 */
export const signaturesBy = (note: SignedNote, verifier: NoteVerifier): NoteSignature[] =>
  note.signatures.filter((s) => s.name === verifier.name && s.keyId === verifier.keyId);

/**
 * Check a signed checkpoint against the log's public key and read it. A note
 * that is malformed, or carries no signature of that key, is `VALIDATION`; a
 * signature of that key that does not verify (the text or the signature was
 * changed) is `TAMPERED`.
 *
 * @example
 * const trusted = openCheckpoint(readFileSync('checkpoint.txt'), noteVerifier(vkey));
 * trusted.size; trusted.rootHash;
 */
export const openCheckpoint = (note: string | Uint8Array, verifier: NoteVerifier): VerifiedCheckpoint => {
  const parsed = parseSignedNote(note);
  const checkpoint = parseCheckpoint(parsed.text);
  const mine = signaturesBy(parsed, verifier);
  if (mine.length === 0) {
    throw new RedressError(
      'VALIDATION',
      `The checkpoint carries no signature of key ${shownText(verifier.name)} (key ID ${verifier.keyId.toString(16).padStart(8, '0')}); check that you have the log's public key`,
      { keyName: verifier.name },
    );
  }
  const message = Buffer.from(parsed.text, 'utf8');
  if (!mine.every((s) => verifier.verify(message, s.signature))) {
    throw new RedressError(
      'TAMPERED',
      `The checkpoint's signature by ${shownText(verifier.name)} does not verify: its text or its signature was changed after signing; do not trust it`,
      { keyName: verifier.name, origin: checkpoint.origin, size: checkpoint.size },
    );
  }
  return { ...checkpoint, text: parsed.text, signatures: parsed.signatures };
};
