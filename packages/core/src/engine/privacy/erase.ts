import type { Complaint } from '../../domain/complaint';
import type { RecordedEvent } from '../../domain/envelope';
import { eventDataSchemas, type EventData } from '../../domain/events';
import { LIMITS } from '../../domain/limits';
import { actorSchema, type Actor } from '../../domain/roles';
import { step } from '../../domain/transitionTable';
import { RedressError } from '../../errors/redressError';
import { isErased } from '../../privacy/erased';
import type { PendingErasure, SubjectLink } from '../../privacy/subjectIndex';
import type { DomainEvent } from '../../domain/events';
import type { EventStore } from '../../store/eventStore';
import { readStore, storeCall } from '../../store/storeCall';
import { nextDueMoment } from '../../deadlines/dueEvents';
import { buildEvents } from '../buildEvents';
import type { ComplaintCache } from '../complaintCache';
import type { IdGenerator } from '../ids';
import type { ComplaintLoader } from '../load';
import { retryOnConflict } from '../retryOnConflict';
import type { StreamLock } from '../streamLock';
import type { EnginePrivacy } from './enginePrivacy';
import { RETENTION_ACTOR, retentionDue } from './retention';

/**
 * Whose personal data `engine.erase` erases: one complaint's complainant (and
 * so every complaint of that subject), or a subject by id.
 *
 * @example
 * await engine.erase({ complaintId: 'C-17' }, officer, 'Art. 17 request #4411');
 */
export type EraseTarget = { readonly complaintId: string } | { readonly subjectId: string };

/**
 * What an erasure did.
 *
 * @example
 * const { subjectId, complaints } = await engine.erase({ subjectId: 'S-8f3a' }, officer, 'request #4411');
 */
export interface EraseResult {
  readonly subjectId: string;
  /** Every complaint of the subject; each now ends with a `PersonalDataErased` event. */
  readonly complaints: readonly string[];
  /** The `PersonalDataErased` events appended by this call (none for those already recorded). */
  readonly events: readonly RecordedEvent[];
}

/** What the eraser needs from the engine. */
export interface EraserDeps {
  /** The store as written: appends, and the scans for subjects and unfinished erasures. */
  readonly store: EventStore;
  readonly privacy: EnginePrivacy;
  readonly complaints: ComplaintLoader;
  readonly cache: ComplaintCache;
  readonly lock: StreamLock;
  readonly ids: IdGenerator;
  readonly now: () => Date;
  readonly maxAttempts: number;
}

type Erasure = EventData<'PersonalDataErased'>;

const plaintextRefusal = (complaintId: string) =>
  new RedressError(
    'CONFLICT',
    `Complaint ${complaintId} was written in plain text, before encryption was turned on: its personal data is in the log itself, and erasure works by destroying a key it never had. It cannot be erased by the engine; the log would have to be rewritten, which breaks its hash chain`,
    { complaintId },
  );

/**
 * `engine.erase`: append `PersonalDataErased` to every complaint of the
 * subject, then destroy the subject's data key through the erasure fence. An
 * erasure cut short between the two is finished by {@link Eraser.finishPending}.
 */
export const eraser = (deps: EraserDeps) => {
  const { store, privacy, complaints, cache, lock, ids, now } = deps;
  const index = privacy.keys.index;
  let scanned = 0;
  let indexed: Promise<boolean> | undefined;

  /**
   * Whether the key store's subject index can be used: it exists, and has been
   * filled from the log once, with the complaints and the unfinished erasures
   * written before it existed. That one scan happens here, the first time.
   */
  const useIndex = (): Promise<boolean> => {
    if (index === undefined) return Promise.resolve(false);
    indexed ??= (async () => {
      if (await index.complete()) return true;
      const links: SubjectLink[] = [];
      const erasures = new Map<string, PendingErasure>();
      await readStore(store.readAll(), (e) => {
        if (e.type === 'ComplaintReceived' && e.data.subjectId !== undefined)
          links.push({ subjectId: e.data.subjectId, complaintId: e.streamId });
        else if (e.type === 'PersonalDataErased')
          erasures.set(e.data.subjectId, { ...e.data, actor: e.actor, at: e.occurredAt });
      });
      for (let i = 0; i < links.length; i += LINK_BATCH) await index.link(links.slice(i, i + LINK_BATCH));
      for (const erasure of erasures.values()) {
        const key = await privacy.keys.get(erasure.subjectId);
        if (key !== undefined && !isErased(key)) await index.beginErasure(erasure);
      }
      await index.markComplete();
      // A store that cannot keep the index (an older table it may not upgrade) says so here: then scan.
      return index.complete();
    })();
    // A failure (the key store unreachable) is tried again at the next call.
    indexed.catch(() => {
      indexed = undefined;
    });
    return indexed;
  };

  /** The complaints whose `ComplaintReceived` names the subject, in the order they were received. */
  const complaintsOf = async (subjectId: string): Promise<string[]> => {
    if (index !== undefined && (await useIndex())) return [...(await index.complaintsOf(subjectId))];
    const found: string[] = [];
    await readStore(store.readAll(), (e) => {
      if (e.type === 'ComplaintReceived' && e.data.subjectId === subjectId) found.push(e.streamId);
    });
    return found;
  };

  /** Record the erasure on one complaint unless it is there already; the complaint's fold is dropped from the cache. */
  const recordOn = (complaintId: string, erasure: Erasure, actor: Actor, at: string | undefined) =>
    lock(complaintId, () =>
      retryOnConflict(complaintId, deps.maxAttempts, async () => {
        const entry = await complaints.fresh(complaintId);
        const complaint: Complaint | undefined = entry?.complaint;
        if (complaint === undefined || complaint.personalDataErasedAt !== undefined) return [];
        // A link to a complaint of another subject (an intake whose append lost to an existing id) is not theirs.
        if (complaint.subjectId !== erasure.subjectId) return undefined;
        const events = buildEvents(
          complaintId,
          complaint,
          { actor },
          [{ type: 'PersonalDataErased', data: erasure }],
          at ?? now().toISOString(),
          ids,
        );
        // Every stage accepts an erasure; a lifecycle that does not is a broken build, not bad input.
        const next = step(complaint, events[0] as RecordedEvent);
        if (next === undefined) throw new Error(`The lifecycle refuses PersonalDataErased in stage ${complaint.stage}`);
        const nextDueAt = nextDueMoment(next) ?? null;
        await storeCall(() => store.append(complaintId, events, { expectedVersion: complaint.version, nextDueAt }));
        cache.delete(complaintId);
        return events;
      }),
    );

  const carryOut = async (
    erasure: Erasure,
    actor: Actor,
    known: readonly string[] = [],
    at?: string,
  ): Promise<EraseResult> => {
    const { subjectId } = erasure;
    privacy.erasing.add(subjectId);
    const all = [...new Set([...known, ...(await complaintsOf(subjectId))])];
    if (all.length === 0) {
      privacy.erasing.delete(subjectId);
      return { subjectId, complaints: all, events: [] };
    }
    // Recorded first, so a crash from here on is finished from the index, with no scan of the log.
    if (index !== undefined && (await useIndex()))
      await index.beginErasure({ ...erasure, actor, ...(at === undefined ? {} : { at }) });
    const events: RecordedEvent[] = [];
    const theirs: string[] = [];
    for (const id of all) {
      const recorded = await recordOn(id, erasure, actor, at);
      if (recorded === undefined) continue;
      theirs.push(id);
      events.push(...recorded);
    }
    await privacy.keys.destroy(subjectId);
    for (const id of theirs) cache.delete(id);
    return { subjectId, complaints: theirs, events };
  };

  /** Finish erasures whose event was recorded but whose key still exists (a crash in between). */
  const finishPending = async (): Promise<number> => {
    if (index !== undefined && (await useIndex())) {
      let finished = 0;
      for (const { subjectId, basis, reason, actor, at } of await index.pendingErasures()) {
        const key = await privacy.keys.get(subjectId);
        if (key !== undefined && isErased(key)) continue;
        await carryOut({ subjectId, basis, reason }, actor as Actor, [], at);
        finished++;
      }
      return finished;
    }
    const pending = new Map<string, { erasure: Erasure; actor: Actor; complaintId: string }>();
    await readStore(store.readAll({ after: scanned }), (e) => {
      scanned = e.position;
      if (e.type === 'PersonalDataErased')
        pending.set(e.data.subjectId, { erasure: e.data, actor: e.actor, complaintId: e.streamId });
    });
    let finished = 0;
    for (const { erasure, actor, complaintId } of pending.values()) {
      const key = await privacy.keys.get(erasure.subjectId);
      if (key !== undefined && !isErased(key)) {
        await carryOut(erasure, actor, [complaintId]);
        finished++;
      }
    }
    return finished;
  };

  const erase = async (
    target: EraseTarget,
    actor: Actor,
    reason: string,
    basis: Erasure['basis'] = 'request',
  ): Promise<EraseResult> => {
    const checked = actorSchema.safeParse(actor);
    if (!checked.success) throw new RedressError('VALIDATION', 'erase needs an actor { id, role, department? }');
    const who = checked.data;
    const roles = privacy.policy.eraseRoles;
    if (!roles.includes(who.role)) {
      throw new RedressError(
        'FORBIDDEN',
        `Cannot erase: role "${who.role}" may not erase personal data; roles that may: ${roles.join(', ') || '(none)'}`,
        {
          actor: who,
          command: 'erase',
          complaintId: 'complaintId' in (target ?? {}) ? (target as { complaintId: string }).complaintId : undefined,
        },
      );
    }
    let subjectId: string;
    const known: string[] = [];
    if (typeof target === 'object' && target !== null && 'complaintId' in target) {
      const complaint = await complaints.load(target.complaintId);
      if (complaint.subjectId === undefined) throw plaintextRefusal(complaint.id);
      subjectId = complaint.subjectId;
      known.push(complaint.id);
    } else if (typeof target === 'object' && target !== null && typeof target.subjectId === 'string') {
      subjectId = target.subjectId;
    } else {
      throw new RedressError('VALIDATION', 'erase takes { complaintId } or { subjectId }', { option: 'target' });
    }
    const erasure = eventDataSchemas.PersonalDataErased.safeParse({ subjectId, basis, reason });
    if (!erasure.success) {
      throw new RedressError(
        'VALIDATION',
        `erase needs a reason (1 to ${LIMITS.shortText} characters, stored in clear: a ticket number or a legal ground, never personal data) and a subject id: ${erasure.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        { option: 'reason' },
      );
    }
    const result = await carryOut(erasure.data, who, known);
    if (result.complaints.length === 0) {
      throw new RedressError('NOT_FOUND', `No complaint records subject ${subjectId}; check the id`, { subjectId });
    }
    return result;
  };

  const due = privacy.retention === undefined ? undefined : retentionDue(store, privacy.retention);

  /** Erase every subject the retention rule has come due for at `now`; the erasures recorded. */
  const retain = async (now: Date): Promise<RecordedEvent[]> => {
    if (due === undefined || privacy.retention === undefined) return [];
    const events: RecordedEvent[] = [];
    const reason = `retention: ${privacy.retention.days} days after the last complaint closed`;
    for (const { subjectId, complaints: known } of await due(now)) {
      // Recorded at the tick's moment: the same log ticked at the same moment records the same erasures.
      const result = await carryOut(
        { subjectId, basis: 'retention', reason },
        RETENTION_ACTOR,
        known,
        now.toISOString(),
      );
      events.push(...result.events);
    }
    return events;
  };

  return { erase, finishPending, retain };
};

/** How many links the first filling of the subject index writes at a time. */
const LINK_BATCH = 1000;

/**
 * Record a new complaint under its subject in the key store's subject index,
 * before its events are appended (a link to a complaint whose append then
 * fails is harmless: erasure checks each complaint's own subject).
 *
 * @example
 * await linkReceived(privacy, 'C-17', drafts);
 */
export const linkReceived = async (
  privacy: EnginePrivacy,
  complaintId: string,
  drafts: readonly DomainEvent[],
): Promise<void> => {
  const first = drafts[0];
  const index = privacy.keys.index;
  if (index === undefined || first?.type !== 'ComplaintReceived' || first.data.subjectId === undefined) return;
  await index.link([{ subjectId: first.data.subjectId, complaintId }]);
};

/** What `eraser` returns. */
export type Eraser = ReturnType<typeof eraser>;
