import type { Complaint } from '../../domain/complaint';
import type { StoredEvent } from '../../domain/envelope';
import { EVENT_TYPES, type DomainEvent } from '../../domain/events';
import { RedressError } from '../../errors/redressError';
import type { DataKey } from '../../privacy/dataKey';
import { claimsEncrypted } from '../../privacy/encryptedValue';
import { ERASED, isErased, type Erased } from '../../privacy/erased';
import type { BlindIndex } from '../../privacy/blindIndex';
import { decryptFields, encryptedKeyIds, encryptFields, type EventPlace } from '../../privacy/eventFields';
import { privateFields } from '../../privacy/privacyPolicy';
import { encryptablePaths } from '../../privacy/schemaPaths';
import type { IdGenerator } from '../ids';
import type { CheckedPrivacy } from './privacyOption';

/** Encrypts one event's data for its place; what `buildEvents` calls before hashing. */
export type Seal = (event: EventPlace, data: unknown) => unknown;

/** Whether `data` has a value at `path` (dot-separated). */
const has = (data: unknown, path: string): boolean => {
  let at: unknown = data;
  for (const name of path.split('.')) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, name)) return false;
    at = (at as Record<string, unknown>)[name];
  }
  return at !== undefined;
};

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
export const enginePrivacy = ({ keys, policy, index, retention }: CheckedPrivacy) => {
  /** Subjects being erased by this process: read as erased from the moment the erasure starts. */
  const erasing = new Set<string>();

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
      const contactIndex = index === undefined ? undefined : tokensOf(index, first.data.complainant);
      const received = { ...first, data: { ...first.data, subjectId, ...(contactIndex ? { contactIndex } : {}) } };
      return { drafts: [received, ...drafts.slice(1)], seal: sealWith(key) };
    }
    const personal = drafts.filter((d) => privateFields(policy, d.type).some((path) => has(d.data, path)));
    const subjectId = complaint?.subjectId;
    if (personal.length === 0 || complaint === undefined || subjectId === undefined) return { drafts };
    const key =
      complaint.personalDataErasedAt !== undefined || erasing.has(subjectId) ? ERASED : await keys.get(subjectId);
    if (key === undefined) throw missingKey(subjectId, complaint.id);
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
      const kids = encryptedKeyIds(e.data);
      if (kids.size === 0 && !hasClaim(e.data)) {
        out[i] = e;
        continue;
      }
      for (const kid of kids) {
        if (!found.has(kid)) found.set(kid, erasing.has(kid) ? ERASED : await keys.get(kid));
      }
      out[i] = {
        ...e,
        data: decryptFields(e.data as Record<string, unknown>, e, (kid) => found.get(kid)),
      } as StoredEvent;
    }
    return out;
  };

  return { keys, policy, index, retention, erasing, prepare, open };
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

/** The event types with a field a policy can name: the only ones whose stored data may hold ciphertext. */
const SEALABLE: ReadonlySet<string> = new Set(EVENT_TYPES.filter((type) => encryptablePaths(type).length > 0));

/** A value that claims to be encrypted but is not well formed: `decryptFields` reports it. */
const hasClaim = (data: unknown): boolean => {
  if (claimsEncrypted(data)) return true;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  for (const value of Object.values(data)) if (hasClaim(value)) return true;
  return false;
};

const missingKey = (subjectId: string, complaintId: string) =>
  new RedressError(
    'NOT_FOUND',
    `No data key for subject ${subjectId} of complaint ${complaintId}: the key store has never held it. Open the key store this log was written with`,
    { kid: subjectId, streamId: complaintId },
  );

/** What `enginePrivacy` returns. */
export type EnginePrivacy = ReturnType<typeof enginePrivacy>;
