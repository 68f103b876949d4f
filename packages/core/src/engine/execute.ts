import type { Command, ParsedCommand } from '../domain/commands';
import type { Complaint } from '../domain/complaint';
import { decide } from '../domain/decide';
import type { RecordedEvent } from '../domain/envelope';
import { RedressError } from '../errors/redressError';
import { storeCall } from '../store/storeCall';
import { authorize } from './authorize';
import { checkResolvedAtIntake } from './resolvedAtIntake';
import { buildEvents } from './buildEvents';
import { checkLifecycle } from './checkLifecycle';
import { checkRules } from './checkRules';
import { linkedComplaints } from './linkedComplaints';
import type { DomainEvent } from '../domain/events';
import type { CachedComplaint, ComplaintCache } from './complaintCache';
import type { EngineSettings } from './engineOptions';
import type { IdGenerator } from './ids';
import type { ComplaintLoader } from './load';
import { parseCommand } from './parseCommand';
import { repeated } from './repeatedCommand';
import { retryOnConflict } from './retryOnConflict';
import type { EnginePrivacy } from './privacy/enginePrivacy';
import type { StreamLock } from './streamLock';
import { streamIdFor } from './streamIdFor';
import { linkReceived } from './privacy/erase';
import { nextDueMoment } from '../deadlines/dueEvents';

/**
 * What `execute` returns.
 *
 * @example
 * const { complaintId, version, complaint, duplicate } = await engine.execute(cmd);
 */
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

/** The events a command records on a stream, when they are not the ones `decide` would give. */
export type Drafts = (complaint: Complaint | undefined) => DomainEvent[];
/** Run a command on one stream, under its lock and the conflict retry. */
export type OnStream = (id: string, cmd: ParsedCommand, drafts?: Drafts) => Promise<ExecuteResult>;

/** What `execute` returns, the first time or for a repeated `commandId`. */
const resultOf = (events: readonly RecordedEvent[], complaint: Complaint, duplicate: boolean): ExecuteResult => {
  const proposed = events.find((e) => e.type === 'RemedyProposed');
  return {
    complaintId: complaint.id,
    version: complaint.version,
    events,
    complaint,
    ...(proposed ? { proposalId: proposed.data.proposalId } : {}),
    duplicate,
  };
};

/** A complaint that must exist does, and one to receive does not. */
const checkExists = (id: string, cmd: ParsedCommand, complaint: Complaint | undefined) => {
  if (complaint === undefined && cmd.type !== 'receive') {
    throw new RedressError('NOT_FOUND', `No complaint ${id}; check the id, or receive the complaint first`, {
      complaintId: id,
    });
  }
  if (complaint !== undefined && cmd.type === 'receive') {
    throw new RedressError('CONFLICT', `Complaint ${id} already exists; choose another complaintId or commandId`, {
      complaintId: id,
    });
  }
};

/** The command index after `cmd`: copied only when it grows, as most commands carry no commandId. */
const withCommand = (
  entry: CachedComplaint | undefined,
  cmd: ParsedCommand,
  from: number,
  to: number,
): CachedComplaint['commands'] => {
  const commands = entry?.commands ?? new Map<string, { from: number; to: number }>();
  return cmd.commandId === undefined ? commands : new Map(commands).set(cmd.commandId, { from, to });
};

/** What `executor` needs: the settings, the checked clock, and the parts the engine shares with `load` and `tick`. */
export interface ExecuteDeps extends Pick<EngineSettings, 'store' | 'policy' | 'retry' | 'outbox' | 'deadlines'> {
  readonly now: () => Date;
  readonly ids: IdGenerator;
  readonly lock: StreamLock;
  readonly cache: ComplaintCache;
  readonly complaints: ComplaintLoader;
  /** Sealing personal data; absent when it is stored in clear. */
  readonly privacy?: EnginePrivacy | undefined;
}

/**
 * `engine.execute`: parse the command, then, one command per complaint at a
 * time, load → authorize → decide → build → check → append, the whole of it
 * again (read afresh) when another writer appended first.
 *
 * @example
 * const execute = executor(deps);
 * const { complaintId } = await execute({ type: 'receive', actor, channel: 'web', category: 'quality', complainant, summary });
 */
export const executor = (deps: ExecuteDeps) => {
  const { store, policy, now, ids, cache, complaints } = deps;

  const attempt = async (id: string, cmd: ParsedCommand, n: number, override?: Drafts): Promise<ExecuteResult> => {
    // Load: the cached fold first (the append's version check catches a stale one); on a retry the
    // fold caught up with what the other writers appended (their events' links checked), so a retry
    // costs the events that won the race, not the whole stream again.
    const entry = n === 1 ? await complaints.cached(id) : await complaints.current(id);
    if (cmd.commandId !== undefined && entry?.commands.has(cmd.commandId)) {
      const first = await repeated({ store, policy, load: complaints.load }, id, entry, cmd.commandId, cmd);
      return resultOf(first.events, first.complaint, true);
    }
    const complaint = entry?.complaint;
    checkExists(id, cmd, complaint);
    authorize(policy, cmd.actor, cmd.type, complaint);
    // The rules judged the command on the complaint it names; the other complaint only records it.
    if (override === undefined) checkRules(policy, cmd, complaint);
    const at = now().toISOString();
    const decided = override?.(complaint) ?? decide(complaint, cmd, policy);
    const planned = deps.deadlines?.plan(complaint, decided, at) ?? decided;
    const { drafts, seal } =
      deps.privacy === undefined ? { drafts: planned } : await deps.privacy.prepare(complaint, planned, ids);
    if (complaint === undefined && deps.privacy !== undefined) await linkReceived(deps.privacy, id, drafts);
    const stored = buildEvents(id, complaint, cmd, drafts, at, ids, seal);
    // The fold, the outbox and the caller see the events as read back: decrypted.
    const events =
      seal === undefined ? stored : stored.map((e, i) => ({ ...e, data: drafts[i]?.data }) as RecordedEvent);
    checkResolvedAtIntake(policy, cmd, events);
    const next = checkLifecycle(cmd.type, complaint, events);
    if (deps.outbox !== undefined && deps.privacy !== undefined) await deps.privacy.keyAtHand(next);
    const outbox = deps.outbox?.(events, next) ?? [];
    const expectedVersion = complaint?.version ?? 0;
    // The complaint's next due moment goes with the events: a store that keeps it needs no fold to tick.
    const nextDueAt = nextDueMoment(next) ?? null;
    await storeCall(() => store.append(id, stored, { expectedVersion, outbox, nextDueAt }));
    cache.set(id, { complaint: next, commands: withCommand(entry, cmd, expectedVersion + 1, next.version) });
    return resultOf(events, next, false);
  };

  const onStream: OnStream = (id, cmd, drafts) =>
    deps.lock(id, () => retryOnConflict(id, deps.retry, (n) => attempt(id, cmd, n, drafts)));
  const twoStreams = linkedComplaints<ExecuteResult>({ onStream, complaints, policy });

  return async (input: Command): Promise<ExecuteResult> => {
    const cmd = parseCommand(input);
    if (cmd.type === 'link' || cmd.type === 'merge') return twoStreams(cmd);
    return onStream(streamIdFor(cmd, ids), cmd);
  };
};
