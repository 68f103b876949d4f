import * as crypto from 'node:crypto';

/**
 * A Merkle tree hash as Redress hands it out: 64 lowercase hex digits (32 bytes),
 * like an event's `hash`.
 *
 * @example
 * const root: MerkleHash = await store.merkle!.root(10);
 */
export type MerkleHash = string;

// One-shot hashing (Node ≥ 20.12) costs about half of createHash().update().digest();
// older Node 20 releases take the long way. The digest comes back as a 'binary' (latin1) string
// (one character a byte) made into a Buffer from the shared pool: a Buffer straight
// from the hash has an ArrayBuffer of its own, whose making and collecting cost about
// as much as the hashing: a leaf and a node take about half the time this way.
const sha256: (data: Buffer) => Buffer =
  typeof crypto.hash === 'function'
    ? (data) => Buffer.from(crypto.hash('sha256', data, 'binary'), 'binary')
    : (data) => crypto.createHash('sha256').update(data).digest();

const HEX_HASH = /^[0-9a-f]{64}$/;

/**
 * The root of the empty tree: SHA-256 of no bytes (RFC 6962 §2.1).
 *
 * @example
 * await store.merkle!.root(0) === EMPTY_ROOT; // true
 */
export const EMPTY_ROOT: MerkleHash = crypto.createHash('sha256').digest('hex');

/**
 * The bytes an event contributes to the tree: its hash, 32 bytes from the hex.
 * A hash that is not 64 lowercase hex digits (no event the engine wrote has one,
 * and `verifyEvents` reports it as damage) enters as the bytes of its UTF-8 text,
 * so the tree is defined for every stored event.
 *
 * @example
 * entryOf(event.hash).length; // 32
 */
export const entryOf = (eventHash: string): Buffer =>
  HEX_HASH.test(eventHash) ? Buffer.from(eventHash, 'hex') : Buffer.from(eventHash, 'utf8');

/**
 * RFC 6962 leaf hash: SHA-256(0x00 || entry).
 *
 * @example
 * const leaf = leafHash(entryOf(event.hash));
 */
export const leafHash = (entry: Uint8Array): Buffer => {
  const input = Buffer.allocUnsafe(1 + entry.length);
  input[0] = 0x00;
  input.set(entry, 1);
  return sha256(input);
};

/**
 * RFC 6962 interior node hash: SHA-256(0x01 || left || right).
 *
 * @example
 * const parent = nodeHash(leafHash(a), leafHash(b));
 */
export const nodeHash = (left: Uint8Array, right: Uint8Array): Buffer => {
  const input = Buffer.allocUnsafe(1 + left.length + right.length);
  input[0] = 0x01;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256(input);
};

/**
 * A tree hash from its 64 hex digits, or `undefined` when it is not one.
 *
 * @example
 * hashBytes(EMPTY_ROOT)?.length; // 32
 * hashBytes('xyz'); // undefined
 */
export const hashBytes = (hash: unknown): Buffer | undefined =>
  typeof hash === 'string' && HEX_HASH.test(hash) ? Buffer.from(hash, 'hex') : undefined;
