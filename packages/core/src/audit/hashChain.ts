import * as crypto from 'node:crypto';
import type { RecordedEvent } from '../domain/envelope';
import { canonicalJson } from './canonicalJson';

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
