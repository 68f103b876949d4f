import type { Complaint } from '../../domain/complaint';
import type { StoredEvent } from '../../domain/envelope';
import { EVENT_TYPES, type DomainEvent } from '../../domain/events';
import { RedressError } from '../../errors/redressError';
import { ERASED_PROBLEM, sealPayload } from '../../privacy/sealedPayload';
import type { OutboxMessage } from '../../store/eventStore';
import type { DataKey } from '../../privacy/dataKey';
import { ERASED, isErased, type Erased } from '../../privacy/erased';
import type { BlindIndex } from '../../privacy/blindIndex';
import { decryptSealed, encryptFields, hasValueAt, sealedValues, type EventPlace } from '../../privacy/eventFields';
import { privateFields } from '../../privacy/privacyPolicy';
import { encryptablePaths } from '../../privacy/schemaPaths';
import type { IdGenerator } from '../ids';
import type { CheckedPrivacy } from './privacyOption';

/** Encrypts one event's data for its place; what `buildEvents` calls before hashing. */
export type Seal = (event: EventPlace, data: unknown) => unknown;

const erasedRefusal = (complaint: Complaint, types: readonly string[]) =>
  new RedressError(
    'CONFLICT',
    `The personal data of complaint ${complaint.id} was erased, so ${types.join(', ')} cannot record personal text on it any more; leave the free-text field out`,
    { complaintId: complaint.id, erased: true },
  );

/**
 * The engine's handling of personal data: sealing the policy's fields of new
 * events under the complainant's key, and opening stored events for reading.
 *
 * @example
 * const privacy = enginePrivacy({ keys, policy: defaultPrivacyPolicy });
 * const { drafts, seal } = await privacy.prepare(undefined, drafts, ids);
 */
export const enginePrivacy = ({ keys, policy, index, retention, ephemeral = false }: CheckedPrivacy) => {
  /** Subjects being erased by this process: read as erased from the moment the erasure starts. */
  const erasing = new Set<string>();
  // The keys this engine fetched or made, so the outbox (built synchronously) can seal its messages.
  const known = new Map<string, DataKey | Erased>();
  const remember = (subjectId: string, key: DataKey | Erased) => {
    if (known.size >= KNOWN_KEYS) known.clear();
    known.set(subjectId, key);
  };

  const sealWith =
    (key: DataKey): Seal =>
    (event, data) =>
      encryptFields(data as Record<string, unknown>, event, privateFields(policy, event.type as never), key);

  /**
   * The drafts of a command (a new complaint gets its subject) and how to seal
   * them, or no seal when nothing personal is among them or the complaint was
   * written in plain text before encryption.
   */
  const prepare = async (
    complaint: Complaint | undefined,
    drafts: readonly DomainEvent[],
    ids: IdGenerator,
  ): Promise<{ drafts: readonly DomainEvent[]; seal?: Seal }> => {
    const first = drafts[0];
    if (complaint === undefined && first?.type === 'ComplaintReceived') {
      const subjectId = first.data.subjectId ?? `S-${ids.eventId()}`;
      const key = await keys.create(subjectId);
      remember(subjectId, key);
      const contactIndex = index === undefined ? undefined : tokensOf(index, first.data.complainant);
      const received = { ...first, data: { ...first.data, subjectId, ...(contactIndex ? { contactIndex } : {}) } };
      return { drafts: [received, ...drafts.slice(1)], seal: sealWith(key) };
    }
    const personal = drafts.filter((d) => privateFields(policy, d.type).some((path) => hasValueAt(d.data, path)));
    const subjectId = complaint?.subjectId;
    if (personal.length === 0 || complaint === undefined || subjectId === undefined) return { drafts };
    const key =
      complaint.personalDataErasedAt !== undefined || erasing.has(subjectId) ? ERASED : await keys.get(subjectId);
    if (key === undefined) throw missingKey(subjectId, complaint.id);
    remember(subjectId, key);
    if (isErased(key))
      throw erasedRefusal(
        complaint,
        personal.map((d) => d.type),
      );
    return { drafts, seal: sealWith(key) };
  };

  /**
   * Stored events as the engine reads them: every encrypted value decrypted, or
   * the erased marker once its subject was erased (in these events, by this
   * process, or by its key's destruction). Moved or altered ciphertext is `TAMPERED`.
   */
  const open = async (events: readonly StoredEvent[]): Promise<StoredEvent[]> => {
    const found = new Map<string, DataKey | Erased | undefined>();
    for (const e of events) if (e.type === 'PersonalDataErased') found.set(e.data.subjectId, ERASED);
    const out: StoredEvent[] = new Array<StoredEvent>(events.length);
    for (let i = 0; i < events.length; i++) {
      const e = events[i] as StoredEvent;
      // Most event types have no field that can hold an encrypted value (the store's schemas say so).
      if (!SEALABLE.has(e.type)) {
        out[i] = e;
        continue;
      }
      // One pass finds the encrypted values, their key ids and any malformed claim.
      const sealed = sealedValues(e.data);
      if (sealed.length === 0) {
        out[i] = e;
        continue;
      }
      for (const { kid } of sealed) {
        if (kid !== undefined && !found.has(kid)) {
          const key = erasing.has(kid) ? ERASED : await keys.get(kid);
          found.set(kid, key);
          if (key !== undefined) remember(kid, key);
        }
      }
      out[i] = {
        ...e,
        data: decryptSealed(e.data as Record<string, unknown>, e, sealed, (kid) => found.get(kid)),
      } as StoredEvent;
    }
    return out;
  };

  /** Make sure the key of the complaint's subject is at hand for {@link sealOutbox}. */
  const keyAtHand = async (complaint: Complaint): Promise<void> => {
    const subjectId = complaint.subjectId;
    if (subjectId === undefined || known.has(subjectId)) return;
    const key = await keys.get(subjectId);
    if (key !== undefined) remember(subjectId, key);
  };

  /**
   * The outbox messages of a complaint with their payloads sealed under its
   * subject's key (nothing personal at rest in the outbox); for an erased
   * subject, messages the dispatcher dead-letters as erased, never sends.
   */
  const sealOutbox = (messages: readonly OutboxMessage[], complaint: Complaint): readonly OutboxMessage[] => {
    const subjectId = complaint.subjectId;
    if (subjectId === undefined || messages.length === 0) return messages;
    const key = complaint.personalDataErasedAt !== undefined || erasing.has(subjectId) ? ERASED : known.get(subjectId);
    // The memory store keeps nothing at rest: its messages stay readable to tests and tools, unless erased.
    if (ephemeral && (key === undefined || !isErased(key))) return messages;
    if (key === undefined) {
      throw new RedressError(
        'STORE_UNAVAILABLE',
        `The data key of subject ${subjectId} was not at hand to seal the outbox messages of complaint ${complaint.id}; nothing was appended, try again`,
        { subjectId },
      );
    }
    return messages.map((m) =>
      isErased(key)
        ? { ...m, payload: { kind: 'invalid-notification', complaintId: complaint.id, problem: ERASED_PROBLEM } }
        : { ...m, payload: sealPayload(key, m.streamId, m.id, m.payload) },
    );
  };

  return { keys, policy, index, retention, erasing, prepare, open, keyAtHand, sealOutbox };
};

/** The blind-index tokens of a complainant's phone and email; one too short to index has none. */
const tokensOf = (
  index: BlindIndex,
  c: { readonly phone?: string | undefined; readonly email?: string | undefined },
) => {
  const attempt = (make: () => string) => {
    try {
      return make();
    } catch {
      return undefined;
    }
  };
  const phone = c.phone === undefined ? undefined : attempt(() => index.phone(c.phone as string));
  const email = c.email === undefined ? undefined : attempt(() => index.email(c.email as string));
  if (phone === undefined && email === undefined) return undefined;
  return { ...(phone ? { phone } : {}), ...(email ? { email } : {}) };
};

/** How many fetched keys the outbox sealing keeps at hand before it starts afresh. */
const KNOWN_KEYS = 100_000;

/** The event types with a field a policy can name: the only ones whose stored data may hold ciphertext. */
const SEALABLE: ReadonlySet<string> = new Set(EVENT_TYPES.filter((type) => encryptablePaths(type).length > 0));

const missingKey = (subjectId: string, complaintId: string) =>
  new RedressError(
    'NOT_FOUND',
    `No data key for subject ${subjectId} of complaint ${complaintId}: the key store has never held it. Open the key store this log was written with`,
    { kid: subjectId, streamId: complaintId },
  );

/** What `enginePrivacy` returns. */
export type EnginePrivacy = ReturnType<typeof enginePrivacy>;
