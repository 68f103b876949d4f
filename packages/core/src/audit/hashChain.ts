import { createHash } from 'node:crypto';
import type { RecordedEvent } from '../domain/envelope';
import { canonicalJson } from './canonicalJson';

/**
 * What the hash covers: the recorded event without its own hash (and without a store position).
 *
 * @example
 * hashedContent(storedEvent) === hashedContent({ ...storedEvent, position: 99 }); // true
 */
export const hashedContent = (event: Omit<RecordedEvent, 'hash'> & { hash?: unknown; position?: unknown }): string => {
  const { hash: _h, position: _p, ...rest } = event;
  return canonicalJson(rest);
};

/**
 * `sha256(prevHash + canonical JSON of the event)`, hex.
 *
 * @example
 * const hash = hashEvent({ ...eventWithoutHash, prevHash: GENESIS_HASH });
 */
export const hashEvent = (event: Omit<RecordedEvent, 'hash'> & { hash?: unknown; position?: unknown }): string =>
  createHash('sha256').update(event.prevHash).update(hashedContent(event)).digest('hex');
