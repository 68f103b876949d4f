import type { Complaint } from '../domain/complaint';
import type { StoredEvent } from '../domain/envelope';
import { GENESIS_HASH } from './hashChain';
import { step } from '../domain/transitionTable';
import { isRedressError } from '../errors/redressError';
import { eventParser } from '../store/read/eventParser';
import type { Upcasters } from '../store/read/upcast';
import { hashEvent, hashOfStoredText } from './hashChain';
import { hashedWhenRead } from './chainCheck';

/** The outcome of checking a complaint's log. */
export type VerifyResult =
  | { readonly ok: true; readonly events: number; readonly lastHash: string }
  | {
      readonly ok: false;
      readonly version: number;
      readonly eventId: string | undefined;
      readonly reason: string;
      readonly events: number;
    };

/** What `verifyEvents` takes: the expected stream id, upcasters and the legality check. */
export interface VerifyOptions {
  readonly streamId?: string;
  readonly upcasters?: Upcasters;
  /** How to check that each event is legal after the ones before (default: the fast table). */
  readonly legal?: (c: Complaint | undefined, e: StoredEvent) => Complaint | undefined;
  /**
   * The stored JSON text of each event, by index, when the caller read text: a
   * hash that matches the stored text (see `hashOfStoredText`) needs no
   * re-encoding. A text that does not match proves nothing; the parsed event decides.
   */
  readonly texts?: readonly (string | undefined)[];
}

/**
 * Check one stream's events: each has the shape and schema of a Redress event,
 * versions run 1, 2, 3 … without gaps, each `prevHash` is the hash before it,
 * each hash is `sha256(prevHash + canonical JSON)`, and each event is legal in
 * the stage the ones before it left. Names the first event that fails.
 *
 * @example
 * const result = await verifyEvents(store.readStream('C-1'));
 * if (!result.ok) console.log(`v${result.version}: ${result.reason}`);
 */
export const verifyEvents = async (
  events: AsyncIterable<unknown> | Iterable<unknown>,
  options: VerifyOptions = {},
): Promise<VerifyResult> => {
  const legal = options.legal ?? ((c, e) => step(c, e));
  const parser = eventParser({ upcasters: options.upcasters });
  let prevHash = GENESIS_HASH;
  let complaint: Complaint | undefined;
  let count = 0;
  let streamId = options.streamId;
  const fail = (reason: string, eventId: string | undefined) => ({
    ok: false as const,
    version: count,
    eventId,
    reason,
    events: count - 1,
  });
  /** Check the next event; a failure, or `undefined` when it checks out. */
  const check = (raw: unknown): Extract<VerifyResult, { ok: false }> | undefined => {
    count++;
    const eventId = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : undefined;
    let e: StoredEvent;
    try {
      e = parser.parse(raw);
    } catch (error) {
      if (!isRedressError(error)) throw error;
      return fail(error.message, eventId);
    }
    streamId ??= e.streamId;
    if (e.streamId !== streamId) return fail(`belongs to stream ${e.streamId}, not ${streamId}`, e.id);
    if (e.version !== count) return fail(`has version ${e.version} where ${count} was expected`, e.id);
    if (e.prevHash !== prevHash) return fail('prevHash does not match the hash of the event before it', e.id);
    // Hash what was stored, not what upcasters made of it: the stored bytes when they hash
    // right (they are then exactly what was hashed), else the stored event re-encoded.
    const text = options.texts?.[count - 1];
    const textMatches = text !== undefined && hashOfStoredText(text, e.prevHash, e.hash) === e.hash;
    if (!textMatches && !hashedWhenRead(raw as object) && hashEvent(raw as StoredEvent) !== e.hash)
      return fail('hash does not match the event content (the event was changed)', e.id);
    const next = legal(complaint, e);
    if (next === undefined) return fail(`${e.type} is not legal in stage "${complaint?.stage ?? 'new'}"`, e.id);
    complaint = next;
    prevHash = e.hash;
    return undefined;
  };
  // An array needs no awaiting per event (that alone costs as much as the version and hash-link checks).
  if (Array.isArray(events)) {
    for (const raw of events as readonly unknown[]) {
      const failed = check(raw);
      if (failed !== undefined) return failed;
    }
  } else {
    for await (const raw of events) {
      const failed = check(raw);
      if (failed !== undefined) return failed;
    }
  }
  return { ok: true, events: count, lastHash: prevHash };
};
