import type { VerifyResult } from '../audit/verifyEvents';
import { commandsAllowedInStage } from '../domain/allowedCommands';
import type { Command, CommandType } from '../domain/commands';
import type { Complaint, Priority } from '../domain/complaint';
import { policyRules } from '../domain/builtInRules';
import { ruleRefusal } from '../domain/procedureRules';
import { routeComplaint, type Route } from '../domain/routing';
import type { RecordedEvent, StoredEvent } from '../domain/envelope';
import type { Policy } from '../domain/policy';
import { actorSchema, type Actor } from '../domain/roles';
import { RedressError } from '../errors/redressError';
import type { EventStore } from '../store/eventStore';
import { createTicker, type TickResult } from '../deadlines/tick';
import { refusal } from './authorize';
import { checkedClock } from './checkedClock';
import { complaintCache } from './complaintCache';
import { checkEngineOptions, type EngineOptions } from './engineOptions';
import { executor, type ExecuteResult } from './execute';
import { uuidIds } from './ids';
import { complaintLoader, type LoadOptions } from './load';
import { streamLock } from './streamLock';
import { verifier } from './verify';
import { enginePrivacy } from './privacy/enginePrivacy';
import { eraser, type EraseResult, type EraseTarget } from './privacy/erase';
import { openingStore } from './privacy/openingStore';
import { contactIndex, type ContactQuery, type FoundComplaint } from './privacy/contactIndex';

/**
 * The engine: executes commands, loads and verifies complaints, and ticks the deadlines.
 *
 * @example
 * const engine: Engine = createEngine({ store: memoryStore() });
 */
export interface Engine {
  /**
   * Run a command: parse it (zod), load the complaint, authorize the actor,
   * decide its events, build their envelopes, check them against the lifecycle
   * and append them in one atomic write, retried when another writer got there
   * first. Bad input appends nothing and throws a `RedressError` saying what to
   * change; a repeated `commandId` returns the first result with `duplicate: true`.
   *
   * @example
   * const { complaintId, version } = await engine.execute({ type: 'addNote', complaintId: 'C-1', actor, text: 'Called back' });
   */
  execute(command: Command): Promise<ExecuteResult>;
  /**
   * The complaint folded from its events: now, or as it stood at a version
   * (`atVersion`) or a time (`at`). `NOT_FOUND` if it did not exist.
   *
   * @example
   * const then = await engine.load('C-1', { atVersion: 3 });
   * then.stage; // e.g. 'judged'
   */
  load(complaintId: string, options?: LoadOptions): Promise<Complaint>;
  /**
   * The complaint's stored events, in order, as stored: with privacy on, the
   * personal fields are ciphertext (`{ $enc, kid, iv, ct }`), and every hash
   * checks. `{ reveal: true }` decrypts them (erased ones read as
   * `{ erased: true }`; those events no longer match their hashes).
   * `NOT_FOUND` if it has none.
   *
   * @example
   * for (const e of await engine.history('C-1')) console.log(e.version, e.type, e.actor.id);
   * const readable = await engine.history('C-1', { reveal: true });
   */
  history(complaintId: string, options?: { readonly reveal?: boolean }): Promise<StoredEvent[]>;
  /**
   * Check the complaint's log: schemas, versions, hash chain and lifecycle.
   * `{ ok: false }` names the first event that fails and why.
   *
   * @example
   * const check = await engine.verify('C-1');
   * if (!check.ok) console.log(`v${check.version}: ${check.reason}`);
   */
  verify(complaintId: string): Promise<VerifyResult>;
  /**
   * The commands `actor` may issue next on `complaint` (`undefined`: one not yet
   * received): those its stage allows that the policy lets the actor issue.
   *
   * @example
   * engine.allowedCommands(complaint, { id: 'sup-1', role: 'supervisor' }); // e.g. ['approveRemedy', 'escalate', 'addNote', …]
   */
  allowedCommands(complaint: Complaint | undefined, actor: Actor): CommandType[];
  /**
   * The department the policy's routing would send the complaint to, and the rule
   * that chose it (`undefined`: no rule matches), for the handler about to accept
   * it. Rules that name priorities match once `priority` is given.
   *
   * @example
   * engine.suggestDepartment(complaint, 'high'); // { department: 'quality-control', rule: 'defects' }
   */
  suggestDepartment(complaint: Complaint, priority?: Priority): Route | undefined;
  readonly store: EventStore;
  readonly policy: Policy;
  readonly clock: () => Date;
  /**
   * Record the deadline warnings, breaches and escalations due at `now` (default: the clock),
   * after finishing any erasure a crash cut short.
   */
  tick(now?: Date): Promise<TickResult>;
  /**
   * Erase a data subject's personal data: by one of their complaints, or by
   * subject id. Appends `PersonalDataErased` (no personal data in it; `reason`
   * is stored in clear) to each of the subject's complaints, then destroys the
   * subject's data key, so their encrypted fields read as `{ erased: true }`
   * everywhere, for good. Only roles the privacy policy names may (default
   * supervisor and privacy-officer). Stages, statistics, deadlines and the hash
   * chain stay as they were. A complaint written in plain text is refused.
   *
   * @example
   * await engine.erase({ complaintId: 'C-17' }, { id: 'dpo-1', role: 'privacy-officer' }, 'Art. 17 request #4411');
   * (await engine.load('C-17')).complainant.name; // { erased: true }
   */
  erase(target: EraseTarget, actor: Actor, reason: string): Promise<EraseResult>;
  /**
   * The complaints of the person with this phone number or email, found by the
   * blind index (needs `privacy.indexKey`), without decrypting anything; an
   * erased person is not found. Use it at intake to spot a returning complainant.
   *
   * @example
   * const earlier = await engine.findComplaints({ phone: '+86 138 0000 0000' }); // [{ complaintId, subjectId }]
   */
  findComplaints(query: ContactQuery): Promise<FoundComplaint[]>;
}

/**
 * Create the engine: it validates, authorizes and decides commands, appends the
 * resulting events atomically and folds them into complaints.
 *
 * @example
 * const engine = createEngine({ store: memoryStore(), clock: () => new Date() });
 * const { complaintId } = await engine.execute({ type: 'receive', actor: agent, channel: 'phone',
 *   category: 'quality', complainant: { name: '王芳' }, summary: 'Kettle leaks' });
 */
export const createEngine = (options: EngineOptions): Engine => {
  const settings = checkEngineOptions(options);
  const { store, clock, policy } = settings;
  const now = checkedClock(clock);
  // New ids are timed by the checked clock too: a bad clock is refused before anything is made of it.
  const ids = settings.ids ?? uuidIds(now);
  const cache = complaintCache(settings.cacheSize);
  const lock = streamLock();
  const privacy = settings.privacy === undefined ? undefined : enginePrivacy(settings.privacy);
  // With privacy on, folds read decrypted events; appends and verify see the store as written.
  const reading = privacy === undefined ? store : openingStore(store, privacy.open);
  const complaints = complaintLoader(reading, cache);

  // Outbox payloads are sealed under the subject's key: no personal data at rest in the outbox either.
  const given = settings.outbox;
  const outbox =
    given === undefined || privacy === undefined
      ? given
      : (events: readonly RecordedEvent[], complaint: Complaint) =>
          privacy.sealOutbox(given(events, complaint), complaint);
  const execute = executor({
    ...settings,
    ...(outbox ? { outbox } : {}),
    store: reading,
    now,
    ids,
    lock,
    cache,
    complaints,
    privacy,
  });
  // The log as stored, ciphertext and all: what `history` returns; `verify` reads the store itself.
  const stored = privacy === undefined ? complaints : complaintLoader(store, complaintCache(0));
  const verify = verifier(store);
  const erasures =
    privacy === undefined
      ? undefined
      : eraser({ store, privacy, complaints, cache, lock, ids, now, maxAttempts: settings.maxAttempts });
  // An erasure a crash cut short (its event recorded, its key not yet destroyed) is finished at
  // start, and again at each tick; a failure here is reported by the next tick or erase.
  let pending: Promise<unknown> = erasures?.finishPending() ?? Promise.resolve();
  pending.catch(() => undefined);
  const settled = async () => {
    const before = pending;
    pending = Promise.resolve();
    await before;
  };
  const ticker = createTicker({
    store,
    ids,
    lock,
    retry: settings.retry,
    pageSize: settings.tickPageSize,
    sweepEvents: settings.tickSweepEvents,
    ...(outbox === undefined ? {} : { outbox }),
    load: async (id) => (await complaints.current(id))?.complaint,
    cached: (id) => cache.get(id)?.complaint,
    appended: cache.advance,
  });

  const allowedCommands = (complaint: Complaint | undefined, actor: Actor): CommandType[] => {
    const checked = actorSchema.safeParse(actor);
    if (!checked.success) {
      throw new RedressError(
        'VALIDATION',
        `allowedCommands needs an actor { id, role, department? }: ${checked.error.issues.map((i) => `${i.path.join('.') || 'actor'}: ${i.message}`).join('; ')}`,
      );
    }
    const rules = policyRules(policy);
    return commandsAllowedInStage(complaint, undefined, checked.data).filter(
      (t) =>
        refusal(policy, checked.data, t, complaint) === undefined &&
        ruleRefusal(rules, { type: t, actor: checked.data, complaint }) === undefined,
    );
  };

  const suggestDepartment = (complaint: Complaint, priority?: Priority): Route | undefined =>
    routeComplaint(policy.routing ?? [], { category: complaint.category, channel: complaint.channel, priority });

  return {
    execute,
    load: complaints.load,
    history: (complaintId, options) =>
      options?.reveal === true ? complaints.history(complaintId) : stored.history(complaintId),
    verify,
    allowedCommands,
    suggestDepartment,
    store,
    policy,
    clock,
    async tick(at) {
      const moment = at ?? now();
      if (erasures === undefined) return ticker.tick(moment);
      await settled();
      await erasures.finishPending();
      const result = await ticker.tick(moment);
      const erased = await erasures.retain(moment);
      return erased.length === 0 ? result : { ...result, events: [...result.events, ...erased] };
    },
    findComplaints:
      privacy === undefined
        ? () =>
            Promise.reject(
              new RedressError('VALIDATION', 'findComplaints needs an engine with privacy on and an indexKey', {
                option: 'privacy',
              }),
            )
        : contactIndex(store, privacy),
    async erase(target, actor, reason) {
      if (erasures === undefined) {
        throw new RedressError(
          'VALIDATION',
          'erase needs an engine with privacy on (createEngine({ store, privacy: { keys } })); this one writes personal data in plain text, which no key can erase',
          { option: 'privacy' },
        );
      }
      await settled();
      return erasures.erase(target, actor, reason);
    },
  };
};
