import type { Complaint } from '../domain/complaint';
import type { DeadlineClock } from './deadlineClock';
import { DEADLINE_KINDS, type DeadlineKind, type DomainEvent, type EventData, type EventType } from '../domain/events';
import { RedressError } from '../errors/redressError';
import type { ClockStart, DeadlineFacts, DeadlinePolicy, DeadlineRule } from './deadlineRules';
import { basisOf, dueAfter, shareOf, shiftBy, spanIn } from './duration';

type SetData = EventData<'DeadlineSet'>;

const START_BY: Partial<Record<EventType, ClockStart>> = {
  ComplaintReceived: 'received',
  ComplaintAccepted: 'accepted',
  ComplaintReviewed: 'reviewed',
};

const iso = (ms: number) => new Date(ms).toISOString();
const defaultStart = (kind: DeadlineKind): ClockStart => (kind === 'followUp' ? 'reviewed' : 'received');

const factsOf = (c: Complaint): DeadlineFacts => ({
  category: c.category,
  channel: c.channel,
  priority: c.priority,
  department: c.department,
});

const withDraft = (facts: DeadlineFacts | undefined, draft: DomainEvent): DeadlineFacts | undefined => {
  if (draft.type === 'ComplaintReceived') return { category: draft.data.category, channel: draft.data.channel };
  if (facts === undefined) return undefined;
  if (draft.type === 'ComplaintAccepted')
    return { ...facts, priority: draft.data.priority, department: draft.data.department };
  if (draft.type === 'ComplaintReassigned') return { ...facts, department: draft.data.department };
  return facts;
};

const set = (data: SetData): DomainEvent => ({ type: 'DeadlineSet', data });

const start = (policy: DeadlinePolicy, kind: DeadlineKind, rule: DeadlineRule, now: number): DomainEvent => {
  const basis = basisOf(rule.within);
  const due = dueAfter(policy.calendar, now, rule.within);
  const warn = shareOf(policy.calendar, basis, now, due, rule.warnShare ?? policy.warnShare);
  return set({
    deadline: kind,
    cause: 'start',
    startedAt: iso(now),
    dueAt: iso(due),
    warnAt: iso(warn),
    basis,
    pausedFor: 0,
    escalate: rule.escalate ?? false,
  });
};

/** Move every running clock by the time the complaint was paused, counted in each clock's basis. */
const resume = (policy: DeadlinePolicy, before: Complaint, now: number): DomainEvent[] => {
  const pausedAt = Date.parse(before.pausedAt as string);
  const out: DomainEvent[] = [];
  for (const kind of DEADLINE_KINDS) {
    const c = before.deadlines?.[kind];
    if (c === undefined || c.status !== 'running' || c.breached) continue;
    const amount = spanIn(policy.calendar, c.basis, Math.max(pausedAt, Date.parse(c.startedAt)), now);
    if (amount === 0) continue;
    const dueAt = iso(shiftBy(policy.calendar, c.basis, Date.parse(c.dueAt), amount));
    const warnAt = c.warned ? c.warnAt : iso(shiftBy(policy.calendar, c.basis, Date.parse(c.warnAt), amount));
    out.push(set({ ...clockData(c), cause: 'resume', dueAt, warnAt, pausedFor: c.pausedFor + amount }));
  }
  return out;
};

const clockData = (c: DeadlineClock): SetData => ({
  deadline: c.kind,
  cause: 'start',
  startedAt: c.startedAt,
  dueAt: c.dueAt,
  warnAt: c.warnAt,
  basis: c.basis,
  pausedFor: c.pausedFor,
  escalate: c.escalate,
});

const extend = (
  policy: DeadlinePolicy,
  before: Complaint,
  ext: EventData<'DeadlineExtended'>,
  now: number,
): DomainEvent => {
  const c = before.deadlines?.[ext.deadline] as DeadlineClock;
  const rule = policy.rulesFor(factsOf(before))[ext.deadline];
  const started = Date.parse(c.startedAt);
  let due: number;
  if (ext.until !== undefined) {
    due = Date.parse(ext.until);
  } else {
    const step = rule?.extensions?.[c.extensions];
    if (step === undefined) {
      throw new RedressError(
        'VALIDATION',
        `Cannot extend the ${ext.deadline} deadline: it has been extended ${c.extensions} time(s) and the policy allows ${rule?.extensions?.length ?? 0}; give "until" to set the new due time yourself`,
        { deadline: ext.deadline, extensions: c.extensions },
      );
    }
    due = shiftBy(policy.calendar, c.basis, dueAfter(policy.calendar, started, step), c.pausedFor);
  }
  if (!(due > Date.parse(c.dueAt))) {
    throw new RedressError(
      'VALIDATION',
      `Cannot extend the ${ext.deadline} deadline to ${iso(due)}: it is already due ${c.dueAt}; an extension must move it later`,
    );
  }
  const warn = Math.max(now, shareOf(policy.calendar, c.basis, started, due, rule?.warnShare ?? policy.warnShare));
  return set({ ...clockData(c), cause: 'extend', dueAt: iso(due), warnAt: iso(Math.min(warn, due)) });
};

/**
 * Add to a command's events the `DeadlineSet` events they cause: clocks that start
 * (each right after the event that starts it), clocks moved on resume by the pause,
 * and clocks moved by an extension. Pure, given the time `at`.
 *
 * @example
 * planDeadlines(policy, undefined, decide(undefined, receiveCommand), '2026-01-05T01:00:00.000Z');
 * // → [ComplaintReceived, DeadlineSet(acknowledge), DeadlineSet(decide), …, ComplaintAcknowledged]
 */
export const planDeadlines = (
  policy: DeadlinePolicy,
  before: Complaint | undefined,
  drafts: readonly DomainEvent[],
  at: string,
): DomainEvent[] => {
  const now = Date.parse(at);
  const started = new Set<string>(Object.keys(before?.deadlines ?? {}));
  let facts = before === undefined ? undefined : factsOf(before);
  const out: DomainEvent[] = [];
  for (const draft of drafts) {
    out.push(draft);
    facts = withDraft(facts, draft);
    const trigger = START_BY[draft.type];
    if (trigger !== undefined && facts !== undefined) {
      const rules = policy.rulesFor(facts);
      for (const kind of DEADLINE_KINDS) {
        const rule = rules[kind];
        if (rule === undefined || started.has(kind) || (rule.from ?? defaultStart(kind)) !== trigger) continue;
        started.add(kind);
        out.push(start(policy, kind, rule, now));
      }
    }
    if (draft.type === 'ComplaintResumed' && before?.pausedAt !== undefined) out.push(...resume(policy, before, now));
    if (draft.type === 'DeadlineExtended' && before?.deadlines?.[draft.data.deadline]?.status === 'running')
      out.push(extend(policy, before, draft.data, now));
  }
  return out;
};
