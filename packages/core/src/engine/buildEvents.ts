import type { Complaint } from '../domain/complaint';
import type { RecordedEvent } from '../domain/envelope';
import { CURRENT_SCHEMA_VERSION, eventDataSchemas, type DomainEvent } from '../domain/events';
import { GENESIS_HASH } from '../audit/hashChain';
import { hashEvent } from '../audit/hashChain';
import type { Actor } from '../domain/roles';
import { RedressError } from '../errors/redressError';
import type { IdGenerator } from './ids';
import type { Seal } from './privacy/enginePrivacy';

/**
 * Who records events and on whose behalf: the actor and, when a command does,
 * its ids. A parsed command is one; the deadline clock gives only its actor.
 */
export interface EventCause {
  readonly actor: Actor;
  readonly commandId?: string | undefined;
  readonly correlationId?: string | undefined;
  readonly causationId?: string | undefined;
}

/**
 * Wrap domain events in their envelopes: ids, versions after the complaint's,
 * the time, the actor, correlation and causation, and the hash chain. With
 * `seal`, each event's data is stored (and hashed) in its sealed form: the
 * chain covers the ciphertext, never the plaintext.
 *
 * @example
 * const [event] = buildEvents('C-1', complaint, { actor }, [{ type: 'NoteAdded', data: { text: 'Called back' } }], at, ids);
 */
export const buildEvents = (
  streamId: string,
  complaint: Complaint | undefined,
  cause: EventCause,
  drafts: readonly DomainEvent[],
  occurredAt: string,
  ids: IdGenerator,
  seal?: Seal,
): RecordedEvent[] => {
  let prevHash = complaint?.lastHash ?? GENESIS_HASH;
  let version = complaint?.version ?? 0;
  const out: RecordedEvent[] = [];
  for (const draft of drafts) {
    // Checked on write as well as on read: the command schema and the event schema
    // share their fields, so this only fails if the two drift apart.
    const parsed = eventDataSchemas[draft.type].safeParse(draft.data);
    if (!parsed.success) {
      throw new RedressError(
        'VALIDATION',
        `Cannot record ${draft.type}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    const id = ids.eventId();
    const place = { streamId, version: ++version, type: draft.type };
    const unhashed = {
      id,
      ...place,
      schemaVersion: CURRENT_SCHEMA_VERSION[draft.type],
      data: (seal === undefined ? draft.data : seal(place, draft.data)) as typeof draft.data,
      actor: cause.actor,
      occurredAt,
      correlationId: cause.correlationId ?? cause.commandId ?? out[0]?.id ?? id,
      causationId: cause.causationId ?? null,
      commandId: cause.commandId ?? null,
      prevHash,
    };
    const event = { ...unhashed, hash: hashEvent(unhashed) } as RecordedEvent;
    prevHash = event.hash;
    out.push(event);
  }
  return out;
};
