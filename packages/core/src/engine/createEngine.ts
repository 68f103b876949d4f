import type { VerifyResult } from '../audit/verifyEvents';
import { commandsAllowedInStage } from '../domain/allowedCommands';
import type { Command, CommandType } from '../domain/commands';
import type { Complaint } from '../domain/complaint';
import type { StoredEvent } from '../domain/envelope';
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
   * The complaint's stored events, in order. `NOT_FOUND` if it has none.
   *
   * @example
   * for (const e of await engine.history('C-1')) console.log(e.version, e.type, e.actor.id);
   */
  history(complaintId: string): Promise<StoredEvent[]>;
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
  readonly store: EventStore;
  readonly policy: Policy;
  readonly clock: () => Date;
  /** Record the deadline warnings, breaches and escalations due at `now` (default: the clock). */
  tick(now?: Date): Promise<TickResult>;
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
  const { store, clock, policy, outbox } = settings;
  const now = checkedClock(clock);
  // New ids are timed by the checked clock too: a bad clock is refused before anything is made of it.
  const ids = settings.ids ?? uuidIds(now);
  const cache = complaintCache(settings.cacheSize);
  const lock = streamLock();
  const complaints = complaintLoader(store, cache);

  const execute = executor({ ...settings, now, ids, lock, cache, complaints });
  const verify = verifier(store);
  const ticker = createTicker({
    store,
    ids,
    lock,
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
    return commandsAllowedInStage(complaint, undefined, checked.data).filter(
      (t) => refusal(policy, checked.data, t, complaint) === undefined,
    );
  };

  return {
    execute,
    load: complaints.load,
    history: complaints.history,
    verify,
    allowedCommands,
    store,
    policy,
    clock,
    tick: (at) => ticker.tick(at ?? now()),
  };
};
