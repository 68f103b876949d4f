import { createHash } from 'node:crypto';
import type { Complaint } from '../domain/complaint';
import type { Command, CommandType, ParsedCommand } from '../domain/commands';
import { COMMAND_EVENT } from '../domain/commands';
import { commandsAllowedInStage } from '../domain/allowedCommands';
import { decide } from '../domain/decide';
import type { RecordedEvent, StoredEvent } from '../domain/envelope';
import { defaultPolicy, type Policy } from '../domain/policy';
import { actorSchema, type Actor } from '../domain/roles';
import { findTransition, whyNot } from '../domain/transitionTable';
import { applyEvent } from '../domain/applyEvent';
import { verifyEvents, type VerifyResult } from '../audit/verifyEvents';
import { RedressError, isRedressError } from '../errors/redressError';
import type { EventStore, OutboxMessage } from '../store/eventStore';
import { optionChecks, shownValue } from '../store/optionChecks';
import { authorize, refusal } from './authorize';
import { buildEvents } from './buildEvents';
import { complaintCache, type CachedComplaint } from './complaintCache';
import { uuidIds, type IdGenerator } from './ids';
import { parseCommand } from './parseCommand';
import { replayer } from './replay';
import { sameCommand } from './sameCommand';
import { streamLock } from './streamLock';
import { readStore, storeCall } from '../store/storeCall';
import type { DeadlinePolicy } from '../deadlines/deadlinePolicy';
import { createTicker, type TickResult } from '../deadlines/tick';

/** What `createEngine` takes: the store and, optionally, clock, policy, ids, cache and outbox settings. */
export interface EngineOptions {
  readonly store: EventStore;
  /** Where time comes from. Default: the system clock. */
  readonly clock?: () => Date;
  readonly policy?: Policy;
  readonly ids?: IdGenerator;
  /** How many times a command is tried when another writer got there first. Default 5. */
  readonly maxAttempts?: number;
  /** How many complaints to keep folded in memory. Default 10,000; 0 turns the cache off. */
  readonly cacheSize?: number;
  /** Messages to write to the outbox in the same append as the events (notifications). */
  readonly outbox?: (events: readonly RecordedEvent[], complaint: Complaint) => readonly OutboxMessage[];
  /** Deadline policy (see `deadlinePolicy`): clocks are computed when they start and recorded in `DeadlineSet`. */
  readonly deadlines?: DeadlinePolicy;
}

/** What `execute` returns. */
export interface ExecuteResult {
  readonly complaintId: string;
  /** The complaint's version after the command. */
  readonly version: number;
  readonly events: readonly RecordedEvent[];
  readonly complaint: Complaint;
  /** For `proposeRemedy`: the id of the new proposal. */
  readonly proposalId?: string;
  /** True when the `commandId` had been executed before and nothing was appended. */
  readonly duplicate: boolean;
}

/** What `engine.load` takes to fold a complaint as it stood at a version or a time. */
export interface LoadOptions {
  readonly atVersion?: number;
  readonly at?: Date;
}

/** The engine: executes commands, loads and verifies complaints, and ticks the deadlines. */
export interface Engine {
  execute(command: Command): Promise<ExecuteResult>;
  load(complaintId: string, options?: LoadOptions): Promise<Complaint>;
  history(complaintId: string): Promise<StoredEvent[]>;
  verify(complaintId: string): Promise<VerifyResult>;
  allowedCommands(complaint: Complaint | undefined, actor: Actor): CommandType[];
  readonly store: EventStore;
  readonly policy: Policy;
  readonly clock: () => Date;
  /** Record the deadline warnings, breaches and escalations due at `now` (default: the clock). */
  tick(now?: Date): Promise<TickResult>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What `execute` returns, the first time or for a repeated `commandId`. */
const resultOf = (events: readonly RecordedEvent[], complaint: Complaint, duplicate: boolean): ExecuteResult => {
  const proposed = events.find((e) => e.type === 'RemedyProposed');
  return {
    complaintId: complaint.id,
    version: complaint.version,
    events,
    complaint,
    ...(proposed ? { proposalId: (proposed.data as { proposalId: string }).proposalId } : {}),
    duplicate,
  };
};

const METHODS = ['append', 'readStream', 'readAll'] as const;
const STORES = 'memoryStore(), sqliteStore({ path }) or postgresStore({ pool })';

const check = optionChecks('createEngine');

/** Refuse options that would only fail later, at the first command: a missing store, counts out of range, a clock that is not a function. */
const checkEngineOptions = (options: EngineOptions): EngineOptions => {
  const store = (options as { store?: unknown } | undefined)?.store;
  const missing = METHODS.filter((m) => typeof (store as Record<string, unknown> | null | undefined)?.[m] !== 'function');
  if (missing.length > 0) {
    throw check.refuse('store', `a store is needed (${STORES}); the store given lacks ${missing.join(', ')}`);
  }
  // Many writers on one complaint (a load test, a batch) may need far more than the default five tries.
  check.count(options as unknown as Record<string, unknown>, 'maxAttempts', { min: 1, max: 10_000 }, 5);
  check.count(options as unknown as Record<string, unknown>, 'cacheSize', { min: 0, max: 10_000_000 }, 10_000);
  for (const name of ['clock', 'outbox'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') throw check.refuse(name, `${name} must be a function, got ${shownValue(options[name])}`);
  }
  return options;
};

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
  const { store } = checkEngineOptions(options);
  const clock = options.clock ?? (() => new Date());
  const policy = options.policy ?? defaultPolicy;
  const maxAttempts = options.maxAttempts ?? 5;
  const cache = complaintCache(options.cacheSize ?? 10_000);
  const lock = streamLock();

  /** The clock's time, refused unless it is a Date that an event can carry. */
  const now = (): Date => {
    const t: unknown = clock();
    if (!(t instanceof Date) || Number.isNaN(t.getTime())) {
      throw new RedressError('VALIDATION', `The engine's clock returned ${String(t)}, not a valid Date; fix the clock option`);
    }
    // An event's occurredAt is YYYY-MM-DDTHH:MM:SS.mmmZ: outside these years it would be written and never read back.
    const year = t.getUTCFullYear();
    if (year < 0 || year > 9999) {
      throw new RedressError('VALIDATION', `The engine's clock returned ${t.toISOString()}, outside the years 0000 to 9999 an event can record; fix the clock option`);
    }
    return t;
  };
  // New ids are timed by the checked clock too: a bad clock is refused before anything is made of it.
  const ids = options.ids ?? uuidIds(now);

  /** Fold the stream from the store, continuing from `from` if given. */
  const fetch = async (id: string, from?: CachedComplaint): Promise<CachedComplaint | undefined> => {
    const r = replayer(from);
    const fromVersion = (from?.complaint.version ?? 0) + 1;
    await readStore(store.readStream(id, { fromVersion }), (e) => r.add(e));
    if (r.state.complaint === undefined) return undefined;
    if (from !== undefined && r.state.complaint === from.complaint) return from;
    const entry = { complaint: r.state.complaint, commands: r.state.commands };
    cache.set(id, entry);
    return entry;
  };

  const streamIdFor = (cmd: ParsedCommand): string => {
    if (cmd.type !== 'receive') return cmd.complaintId;
    if (cmd.complaintId !== undefined) return cmd.complaintId;
    // The same commandId always names the same complaint, so a repeated receive meets
    // the first one at the store's version check instead of creating a twin.
    if (cmd.commandId !== undefined) return `C-${createHash('sha256').update(cmd.commandId).digest('hex').slice(0, 32)}`;
    return ids.complaintId();
  };

  const notAllowed = (cmd: ParsedCommand, c: Complaint | undefined, why?: string): RedressError => {
    const allowed = commandsAllowedInStage(c);
    const where = c === undefined ? 'does not exist yet' : `is in stage "${c.stage}"`;
    const reason = why === undefined ? '' : ` and ${why}`;
    return new RedressError(
      'NOT_ALLOWED',
      `Cannot ${cmd.type}: complaint ${c?.id ?? ''} ${where}${reason}; allowed now: ${allowed.join(', ') || '(nothing: the complaint is closed)'}`.replace('  ', ' '),
      { command: cmd.type, stage: c?.stage ?? null, allowed },
    );
  };

  /** Check the drafts against the lifecycle, one after the other. */
  const checkLifecycle = (cmd: ParsedCommand, c: Complaint | undefined, events: readonly RecordedEvent[]) => {
    let state = c;
    for (const e of events) {
      const entry = findTransition(state, e);
      if (entry === undefined) throw notAllowed(cmd, state, whyNot(state, e));
      state = applyEvent(state, e, entry.target);
    }
    return state as Complaint;
  };

  const duplicateResult = async (id: string, entry: CachedComplaint, commandId: string, cmd: ParsedCommand): Promise<ExecuteResult> => {
    const span = entry.commands.get(commandId) as { from: number; to: number };
    const events: StoredEvent[] = [];
    await readStore(store.readStream(id, { fromVersion: span.from, toVersion: span.to }), (e) => events.push(e));
    const first = events[0];
    if (first !== undefined && first.type !== COMMAND_EVENT[cmd.type]) {
      throw new RedressError('CONFLICT', `commandId "${commandId}" was already used for a different command (${first.type}); use a new commandId`, {
        commandId,
      });
    }
    const before = span.from > 1 ? await load(id, { atVersion: span.from - 1 }) : undefined;
    if (first !== undefined && !sameCommand(before, cmd, first, policy)) {
      throw new RedressError('CONFLICT', `commandId "${commandId}" was already used for a ${cmd.type} with other content or another actor; use a new commandId`, {
        commandId,
      });
    }
    return resultOf(events, await load(id, { atVersion: span.to }), true);
  };

  const attempt = async (id: string, cmd: ParsedCommand, fresh: boolean): Promise<ExecuteResult> => {
    const entry = fresh ? await fetch(id) : (cache.get(id) ?? (await fetch(id)));
    if (cmd.commandId !== undefined && entry?.commands.has(cmd.commandId)) return duplicateResult(id, entry, cmd.commandId, cmd);
    const complaint = entry?.complaint;
    if (complaint === undefined && cmd.type !== 'receive') {
      throw new RedressError('NOT_FOUND', `No complaint ${id}; check the id, or receive the complaint first`, { complaintId: id });
    }
    if (complaint !== undefined && cmd.type === 'receive') {
      throw new RedressError('CONFLICT', `Complaint ${id} already exists; choose another complaintId or commandId`, { complaintId: id });
    }
    authorize(policy, cmd.actor, cmd.type, complaint);
    const at = now().toISOString();
    const drafts = decide(complaint, cmd, policy);
    const events = buildEvents(id, complaint, cmd, options.deadlines?.plan(complaint, drafts, at) ?? drafts, at, ids);
    const next = checkLifecycle(cmd, complaint, events);
    const outbox = options.outbox?.(events, next) ?? [];
    await storeCall(() => store.append(id, events, { expectedVersion: complaint?.version ?? 0, outbox }));
    // Copy the command index only when it grows: most commands carry no commandId.
    let commands: ReadonlyMap<string, { from: number; to: number }> = entry?.commands ?? new Map();
    if (cmd.commandId !== undefined) {
      commands = new Map(commands).set(cmd.commandId, { from: (complaint?.version ?? 0) + 1, to: next.version });
    }
    cache.set(id, { complaint: next, commands });
    return resultOf(events, next, false);
  };

  const execute = async (input: Command): Promise<ExecuteResult> => {
    const cmd = parseCommand(input);
    const id = streamIdFor(cmd);
    return lock(id, async () => {
      for (let n = 1; ; n++) {
        try {
          return await attempt(id, cmd, n > 1);
        } catch (error) {
          if (!isRedressError(error, 'CONFLICT') || n >= maxAttempts || (error.details as { streamId?: unknown })?.streamId !== id) throw error;
          cache.delete(id);
          await sleep(Math.random() * 2 * n);
        }
      }
    });
  };

  const load = async (complaintId: string, opts: LoadOptions = {}): Promise<Complaint> => {
    if (typeof complaintId !== 'string' || complaintId.length === 0) {
      throw new RedressError('VALIDATION', 'load needs a complaint id (a non-empty string)');
    }
    const { atVersion, at } = opts;
    if (atVersion !== undefined && (!Number.isInteger(atVersion) || atVersion < 1)) {
      throw new RedressError('VALIDATION', `atVersion must be a whole number ≥ 1, got ${String(atVersion)}`);
    }
    if (at !== undefined && (!(at instanceof Date) || Number.isNaN(at.getTime()))) {
      throw new RedressError('VALIDATION', 'at must be a valid Date');
    }
    let complaint: Complaint | undefined;
    if (atVersion === undefined && at === undefined) {
      complaint = (await fetch(complaintId, cache.get(complaintId)))?.complaint;
    } else {
      const r = replayer();
      const limit = at?.toISOString();
      // Stop at the first event after `at`: writers with skewed clocks can record a later
      // version with an earlier time, and skipping past it would leave a version gap.
      let past = false;
      await readStore(store.readStream(complaintId, atVersion === undefined ? {} : { toVersion: atVersion }), (e) => {
        past ||= limit !== undefined && e.occurredAt > limit;
        if (!past) r.add(e);
      });
      complaint = r.state.complaint;
      if (complaint !== undefined && atVersion !== undefined && complaint.version < atVersion) {
        throw new RedressError('VALIDATION', `Complaint ${complaintId} has only ${complaint.version} events; atVersion ${atVersion} is beyond it`);
      }
    }
    if (complaint === undefined) {
      const when = at !== undefined ? ` at ${at.toISOString()}` : '';
      throw new RedressError('NOT_FOUND', `No complaint ${complaintId}${when}; check the id`, { complaintId });
    }
    return complaint;
  };

  const history = async (complaintId: string): Promise<StoredEvent[]> => {
    const events: StoredEvent[] = [];
    await readStore(store.readStream(complaintId), (e) => events.push(e));
    if (events.length === 0) throw new RedressError('NOT_FOUND', `No complaint ${complaintId}; check the id`, { complaintId });
    return events;
  };

  const verify = async (complaintId: string): Promise<VerifyResult> => {
    const events = await history(complaintId);
    return verifyEvents(events, { streamId: complaintId });
  };

  const allowedCommands = (complaint: Complaint | undefined, actor: Actor): CommandType[] => {
    const checked = actorSchema.safeParse(actor);
    if (!checked.success) {
      throw new RedressError('VALIDATION', `allowedCommands needs an actor { id, role, department? }: ${checked.error.issues.map((i) => `${i.path.join('.') || 'actor'}: ${i.message}`).join('; ')}`);
    }
    return commandsAllowedInStage(complaint, undefined, checked.data).filter((t) => refusal(policy, checked.data, t, complaint) === undefined);
  };

  const ticker = createTicker({
    store,
    ids,
    lock,
    ...(options.outbox === undefined ? {} : { outbox: options.outbox }),
    load: async (id) => (await fetch(id, cache.get(id)))?.complaint,
    cached: (id) => cache.get(id)?.complaint,
    appended: (before, after) => {
      const hit = cache.get(before.id);
      if (hit?.complaint === before) cache.set(before.id, { complaint: after, commands: hit.commands });
      else cache.delete(before.id);
    },
  });
  const tick = (at?: Date) => ticker.tick(at ?? now());

  return { execute, load, history, verify, allowedCommands, store, policy, clock, tick };
};
