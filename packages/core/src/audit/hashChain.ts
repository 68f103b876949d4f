import * as crypto from 'node:crypto';
import type { RecordedEvent } from '../domain/envelope';
import { canonicalJson } from './canonicalJson';

/**
 * The hash that the first event of every stream chains from.
 *
 * @example
 * events[0].prevHash === GENESIS_HASH; // true
 */
export const GENESIS_HASH = '0'.repeat(64);

const NOT_HASHED: ReadonlySet<string> = new Set(['hash', 'position']);

// One-shot hashing (Node ≥ 20.12) costs about half of createHash().update().digest() for
// inputs this small; older Node 20 releases take the long way.
const sha256hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * What the hash covers: the recorded event without its own hash (and without a store position).
 *
 * @example
 * hashedContent(storedEvent) === hashedContent({ ...storedEvent, position: 99 }); // true
 */
export const hashedContent = (event: Omit<RecordedEvent, 'hash'> & { hash?: unknown; position?: unknown }): string => {
  return canonicalJson(event, NOT_HASHED);
};

/**
 * `sha256(prevHash + canonical JSON of the event)`, hex.
 *
 * @example
 * const hash = hashEvent({ ...eventWithoutHash, prevHash: GENESIS_HASH });
 */
export const hashEvent = (event: Omit<RecordedEvent, 'hash'> & { hash?: unknown; position?: unknown }): string =>
  sha256hex(event.prevHash + hashedContent(event));

const HASH_MEMBER = ',"hash":"';

/**
 * `hashEvent` of an event stored as canonical JSON text (`canonicalJson` of the
 * event with its hash, as the SQLite store writes it), without parsing or
 * encoding anything: that text without its top-level `"hash"` member is exactly
 * what the hash covers. In canonical order the member sits after `data` and
 * before `id`, and everything after it is a plain value, so the last occurrence
 * is the top-level one. Returns `undefined` when the text is not in canonical
 * order or has no such member.
 * Text in any other form simply gives another hash: callers fall back to
 * `hashEvent` of the parsed event, which decides.
 *
 * @example
 * hashOfStoredText(canonicalJson(event), event.prevHash, event.hash) === event.hash; // true
 */
export const hashOfStoredText = (text: string, prevHash: string, hash: string): string | undefined => {
  // `actor` sorts first among an event's keys: text that starts otherwise is not canonical,
  // and hashing it would be work thrown away (stores that keep another key order).
  if (!text.startsWith('{"actor":')) return undefined;
  // A constant needle is found faster than one holding the hash. Outside a JSON string
  // `,"` cannot occur inside one (its quotes are escaped), so the match is the member itself.
  const at = text.lastIndexOf(HASH_MEMBER);
  const end = at + HASH_MEMBER.length + hash.length;
  if (at === -1 || !text.startsWith(hash, at + HASH_MEMBER.length) || text.charCodeAt(end) !== 34) return undefined;
  return sha256hex(prevHash + text.slice(0, at) + text.slice(end + 1));
};
