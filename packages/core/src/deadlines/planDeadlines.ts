import type { Complaint } from '../domain/complaint';
import type { DeadlineClock } from './deadlineClock';
import { DEADLINE_KINDS, type DeadlineKind, type DomainEvent, type EventData, type EventType } from '../domain/events';
import { RedressError } from '../errors/redressError';
import { answers, answersClock } from './deadlineClock';
import type { ClockStart, DeadlineFacts, DeadlinePolicy, DeadlineRule } from './deadlineRules';
import { basisOf, countedReceipt, dueAfter, shareOf, shiftBy, spanIn, type Duration } from './duration';
import { extensionStep } from './extensionStep';

type SetData = EventData<'DeadlineSet'>;

const DAY = 86_400_000;

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

/** The calendar-day counting a duration records, so a resume or an extension can count it again. */
const periodOf = (d: Duration): SetData['period'] =>
  'calendarDays' in d
    ? { calendarDays: d.calendarDays, rollForward: d.rollForward === true, closeOfBusiness: d.closeOfBusiness === true }
    : undefined;

/** The rule's own fields a `DeadlineSet` carries, when the rule has them. */
const ruleFields = (rule: DeadlineRule) => ({
  ...(rule.metBy === undefined ? {} : { metBy: [...rule.metBy] }),
  ...(rule.ruleSet === undefined ? {} : { ruleSet: { ...rule.ruleSet } }),
  ...(rule.repeat === true ? { repeat: true } : {}),
});

const start = (
  policy: DeadlinePolicy,
  kind: DeadlineKind,
  rule: DeadlineRule,
  at: number,
  cause: 'start' | 'repeat',
): DomainEvent => {
  const basis = basisOf(rule.within);
  const from =
    rule.receivedOutsideHours === 'nextBusinessDay' &&
    cause === 'start' &&
    (rule.from ?? defaultStart(kind)) === 'received'
      ? countedReceipt(policy.calendar, at)
      : at;
  const due = dueAfter(policy.calendar, from, rule.within);
  const warn = shareOf(policy.calendar, basis, from, due, rule.warnShare ?? policy.warnShare);
  const period = periodOf(rule.within);
  return set({
    deadline: kind,
    cause,
    startedAt: iso(from),
    dueAt: iso(due),
    warnAt: iso(warn),
    basis,
    pausedFor: 0,
    escalate: rule.escalate ?? false,
    ...(period === undefined ? {} : { period }),
    ...ruleFields(rule),
  });
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
  ...(c.metBy === undefined ? {} : { metBy: [...c.metBy] }),
  ...(c.period === undefined ? {} : { period: c.period }),
  ...(c.ruleSet === undefined ? {} : { ruleSet: c.ruleSet }),
  ...(c.repeat === true ? { repeat: true } : {}),
});

/**
 * The due time of a clock counted in whole calendar days: `days` from its start plus the
 * whole days it was paused, rolled and closed as its period says.
 */
const periodDue = (policy: DeadlinePolicy, c: DeadlineClock, days: number, pausedFor: number): number => {
  const p = c.period as NonNullable<DeadlineClock['period']>;
  return dueAfter(policy.calendar, Date.parse(c.startedAt), {
    calendarDays: days + Math.round(pausedFor / DAY),
    rollForward: p.rollForward,
    closeOfBusiness: p.closeOfBusiness,
  });
};

/**
 * Move every running clock by the time the complaint was paused, counted in each clock's
 * basis. A clock of whole calendar days moves by whole days (any part of a day counts as a
 * day), its end counted again from its period, so a 24:00 or close-of-business end, and a
 * roll past days off, stay what the rule says.
 */
const resume = (policy: DeadlinePolicy, before: Complaint, now: number): DomainEvent[] => {
  const pausedAt = Date.parse(before.pausedAt as string);
  const out: DomainEvent[] = [];
  for (const kind of DEADLINE_KINDS) {
    const c = before.deadlines?.[kind];
    if (c === undefined || c.status !== 'running' || c.breached) continue;
    const span = spanIn(policy.calendar, c.basis, Math.max(pausedAt, Date.parse(c.startedAt)), now);
    if (span === 0) continue;
    if (c.period !== undefined) {
      const pausedFor = c.pausedFor + Math.ceil(span / DAY) * DAY;
      const due = periodDue(policy, c, c.period.calendarDays, pausedFor);
      const moved = due - Date.parse(c.dueAt);
      const warnAt = c.warned ? c.warnAt : iso(Date.parse(c.warnAt) + moved);
      out.push(set({ ...clockData(c), cause: 'resume', dueAt: iso(due), warnAt, pausedFor }));
      continue;
    }
    const dueAt = iso(shiftBy(policy.calendar, c.basis, Date.parse(c.dueAt), span));
    const warnAt = c.warned ? c.warnAt : iso(shiftBy(policy.calendar, c.basis, Date.parse(c.warnAt), span));
    out.push(set({ ...clockData(c), cause: 'resume', dueAt, warnAt, pausedFor: c.pausedFor + span }));
  }
  return out;
};

/** Where a clock ends when it runs `step` from its start (plus its pauses). */
const extended = (
  policy: DeadlinePolicy,
  c: DeadlineClock,
  step: Duration,
): { due: number; period: SetData['period'] } => {
  const started = Date.parse(c.startedAt);
  if (c.period !== undefined && 'calendarDays' in step) {
    const due = periodDue(
      policy,
      { ...c, period: { ...c.period, ...stepFlags(step) } },
      step.calendarDays,
      c.pausedFor,
    );
    return { due, period: { ...c.period, ...stepFlags(step), calendarDays: step.calendarDays } };
  }
  return {
    due: shiftBy(policy.calendar, c.basis, dueAfter(policy.calendar, started, step), c.pausedFor),
    period: c.period,
  };
};

const stepFlags = (d: Extract<Duration, { calendarDays: number }>) => ({
  ...(d.rollForward === undefined ? {} : { rollForward: d.rollForward }),
  ...(d.closeOfBusiness === undefined ? {} : { closeOfBusiness: d.closeOfBusiness }),
});

const moveTo = (
  policy: DeadlinePolicy,
  c: DeadlineClock,
  rule: DeadlineRule | undefined,
  due: number,
  period: SetData['period'],
  now: number,
): DomainEvent => {
  const started = Date.parse(c.startedAt);
  const warn = Math.max(now, shareOf(policy.calendar, c.basis, started, due, rule?.warnShare ?? policy.warnShare));
  const { period: _old, ...data } = clockData(c);
  return set({
    ...data,
    ...(period === undefined ? {} : { period }),
    cause: 'extend',
    dueAt: iso(due),
    warnAt: iso(Math.min(warn, due)),
  });
};

const extend = (
  policy: DeadlinePolicy,
  before: Complaint,
  ext: EventData<'DeadlineExtended'>,
  now: number,
): DomainEvent => {
  const c = before.deadlines?.[ext.deadline] as DeadlineClock;
  const rule = policy.ruleFor(factsOf(before), ext.deadline, c.ruleSet);
  let due: number;
  let period: SetData['period'];
  if (ext.until !== undefined) {
    due = Date.parse(ext.until);
    period = undefined;
  } else {
    const step = extensionStep(rule, c, ext);
    ({ due, period } = extended(policy, c, step));
  }
  if (!(due > Date.parse(c.dueAt))) {
    throw new RedressError(
      'VALIDATION',
      `Cannot extend the ${ext.deadline} deadline to ${iso(due)}: it is already due ${c.dueAt}; an extension must move it later`,
    );
  }
  return moveTo(policy, c, rule, due, period, now);
};

/** A response that moves a clock to the rule's longer limit (a holding reply under DISP 1.6.2AR(2)). */
const extendByResponse = (
  policy: DeadlinePolicy,
  before: Complaint,
  response: DomainEvent & { type: 'ResponseSent' },
  now: number,
): DomainEvent[] => {
  const out: DomainEvent[] = [];
  for (const kind of DEADLINE_KINDS) {
    const c = before.deadlines?.[kind];
    if (c === undefined || c.status !== 'running' || c.breached) continue;
    const rule = policy.ruleFor(factsOf(before), kind, c.ruleSet);
    const on = rule?.extendOn;
    if (on === undefined || !answers(on.answer, response)) continue;
    const { due, period } = extended(policy, c, on.to);
    if (!(due > Date.parse(c.dueAt))) continue;
    const expected = response.data.expectedBy;
    if (expected !== undefined && Date.parse(expected) > due) {
      throw new RedressError(
        'VALIDATION',
        `The ${response.data.kind} response names ${expected} for the final answer, later than the ${kind} deadline's longest limit ${iso(due)}; name a date on or before it`,
        { deadline: kind, field: 'expectedBy' },
      );
    }
    out.push(moveTo(policy, c, rule, due, period, now));
  }
  return out;
};

/** Events after which the complaint is closed: no clock starts again there. */
const CLOSING = new Set<EventType>(['ComplaintRejected', 'ComplaintWithdrawn', 'ComplaintReviewed']);

/** Clocks a response met that start again (progress updates), each from the response's time. */
const repeatAfter = (policy: DeadlinePolicy, before: Complaint, draft: DomainEvent, now: number): DomainEvent[] => {
  const out: DomainEvent[] = [];
  if (CLOSING.has(draft.type)) return out;
  for (const kind of DEADLINE_KINDS) {
    const c = before.deadlines?.[kind];
    if (c === undefined || c.repeat !== true || c.status !== 'running' || !answersClock(c, draft)) continue;
    const rule = policy.ruleFor(factsOf(before), kind, c.ruleSet);
    if (rule !== undefined) out.push(start(policy, kind, rule, now, 'repeat'));
  }
  return out;
};

/**
 * Add to a command's events the `DeadlineSet` events they cause: clocks that start
 * (each right after the event that starts it), clocks moved on resume by the pause,
 * clocks moved by an extension or a holding reply, and recurring clocks started again
 * after they were met. Pure, given the time `at`.
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
        out.push(start(policy, kind, rule, now, 'start'));
      }
    }
    if (before === undefined) continue;
    if (draft.type === 'ComplaintResumed' && before.pausedAt !== undefined) out.push(...resume(policy, before, now));
    if (draft.type === 'DeadlineExtended' && before.deadlines?.[draft.data.deadline]?.status === 'running')
      out.push(extend(policy, before, draft.data, now));
    if (draft.type === 'ResponseSent') out.push(...extendByResponse(policy, before, draft, now));
    out.push(...repeatAfter(policy, before, draft, now));
  }
  return out;
};
