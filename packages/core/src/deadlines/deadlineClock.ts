import type { RecordedEvent } from '../domain/envelope';
import type { DeadlineKind, EventData, EventType } from '../domain/events';
import type { ClockAnswer } from '../domain/response';
import type { Stage } from '../domain/stages';

/** One deadline of a complaint as its events define it. */
export interface DeadlineClock {
  readonly kind: DeadlineKind;
  readonly startedAt: string;
  readonly dueAt: string;
  /** When `engine.tick` warns that the deadline comes near. */
  readonly warnAt: string;
  readonly basis: 'calendar' | 'business';
  readonly escalate: boolean;
  /** Pause added so far, in milliseconds of the basis. */
  readonly pausedFor: number;
  readonly extensions: number;
  /** `met`: done by the event that answers it; `stopped`: the complaint closed without it. */
  readonly status: 'running' | 'met' | 'stopped';
  readonly metAt?: string | undefined;
  readonly warned: boolean;
  readonly breached: boolean;
  /** What answers the clock, as its `DeadlineSet` recorded it; `undefined` in older logs (the built-in answers apply). */
  readonly metBy?: readonly ClockAnswer[] | undefined;
  /** Calendar-day counting, for clocks that roll past days off or end at close of business. */
  readonly period?: EventData<'DeadlineSet'>['period'];
  /** The versioned rule set the clock started under. */
  readonly ruleSet?: EventData<'DeadlineSet'>['ruleSet'];
  /** Starts again when met (progress updates). */
  readonly repeat?: boolean | undefined;
}

/** A complaint's deadline clocks by kind. */
export type Deadlines = Readonly<Partial<Record<DeadlineKind, DeadlineClock>>>;

/**
 * Which events answer which deadline when its rule names nothing (`metBy`), and in
 * logs written before rules could (a rejection is the final response too); the
 * same answers as {@link DEFAULT_ANSWERS}, by event.
 *
 * @example
 * DEADLINE_MET_BY.ComplaintAccepted; // ['decide']
 */
export const DEADLINE_MET_BY: Readonly<Partial<Record<EventType, readonly DeadlineKind[]>>> = {
  ComplaintAcknowledged: ['acknowledge'],
  ComplaintAccepted: ['decide'],
  ComplaintRejected: ['decide', 'resolve'],
  RemedyImplemented: ['resolve'],
  FollowUpRecorded: ['followUp'],
  ResolvedAtFirstContact: ['decide', 'resolve'],
};

/**
 * The events a deadline rule's `metBy` may name: the lifecycle's outcomes and the
 * responses to the complainant.
 *
 * @example
 * ANSWERING_EVENTS.includes('ResponseSent'); // true
 */
export const ANSWERING_EVENTS: readonly EventType[] = [
  'ComplaintAcknowledged',
  'ComplaintAccepted',
  'ComplaintRejected',
  'InvestigationCompleted',
  'RemedyProposed',
  'RemedyApproved',
  'RemedyImplemented',
  'CustomerResponded',
  'ComplaintReviewed',
  'FollowUpRecorded',
  'ResponseSent',
  'ResolvedAtFirstContact',
];

/**
 * What answers each kind of clock when its `DeadlineSet` names nothing (older logs, rules without `metBy`).
 *
 * @example
 * DEFAULT_ANSWERS.progress; // [{ event: 'ResponseSent', kinds: ['progress'] }]
 */
export const DEFAULT_ANSWERS: Readonly<Record<DeadlineKind, readonly ClockAnswer[]>> = {
  acknowledge: [{ event: 'ComplaintAcknowledged' }],
  decide: [{ event: 'ComplaintAccepted' }, { event: 'ComplaintRejected' }, { event: 'ResolvedAtFirstContact' }],
  resolve: [{ event: 'ComplaintRejected' }, { event: 'RemedyImplemented' }, { event: 'ResolvedAtFirstContact' }],
  followUp: [{ event: 'FollowUpRecorded' }],
  progress: [{ event: 'ResponseSent', kinds: ['progress'] }],
};

/**
 * Whether `event` is one `answer` describes: its type, and for a response its kind and
 * the fields the rule requires (`referralRights: true`, an `expectedBy`, …).
 *
 * @example
 * answers({ event: 'ResponseSent', kinds: ['final'] }, event); // true for a final response
 */
export const answers = (answer: ClockAnswer, event: { type: string; data: unknown }): boolean => {
  if (event.type !== answer.event) return false;
  if (answer.kinds === undefined && answer.requires === undefined) return true;
  if (event.type !== 'ResponseSent') return false;
  const r = event.data as EventData<'ResponseSent'>;
  if (answer.kinds !== undefined && !answer.kinds.includes(r.kind)) return false;
  return (answer.requires ?? []).every((f) => r[f] !== undefined && r[f] !== false);
};

/**
 * Whether `event` answers the clock, by what the clock recorded (or the built-in answers).
 *
 * @example
 * answersClock(complaint.deadlines.resolve, event);
 */
export const answersClock = (
  clock: Pick<DeadlineClock, 'kind' | 'metBy'>,
  event: { type: string; data: unknown },
): boolean => (clock.metBy ?? DEFAULT_ANSWERS[clock.kind]).some((a) => answers(a, event));

const CLOCK_EVENTS = new Set<string>([
  'DeadlineSet',
  'DeadlineExtended',
  'DeadlineWarned',
  'DeadlineBreached',
  ...ANSWERING_EVENTS,
]);
const ANSWERING = new Set<string>(ANSWERING_EVENTS);
const isEmpty = (d: Deadlines) => {
  for (const _ in d) return false;
  return true;
};
/** Stages that stop every clock: the complaint closed without the events that meet them. */
const STOPS_ALL = new Set<Stage>(['rejected', 'withdrawn', 'merged']);
const isOpen = (stage: Stage) => !STOPS_ALL.has(stage) && stage !== 'reviewed';

const update = (d: Deadlines, kind: DeadlineKind, change: (c: DeadlineClock) => DeadlineClock): Deadlines => {
  const clock = d[kind];
  return clock === undefined ? d : { ...d, [kind]: change(clock) };
};

const stopRunning = (d: Deadlines, keep: DeadlineKind | undefined): Deadlines => {
  let out = d;
  for (const clock of Object.values(d)) {
    if (clock.status === 'running' && clock.kind !== keep)
      out = update(out, clock.kind, (c) => ({ ...c, status: 'stopped' }));
  }
  return out;
};

/**
 * Fold one event into the deadline clocks. Pure: everything comes from the events,
 * so replaying a log reproduces the same deadlines whatever today's calendar says.
 *
 * @example
 * const deadlines = foldDeadlines(complaint.deadlines ?? {}, event, 'received');
 */
export const foldDeadlines = (d: Deadlines, event: RecordedEvent, stage: Stage): Deadlines => {
  let out = d;
  // Most events of most complaints touch no clock: leave the object as it is.
  if (event.type !== 'DeadlineSet' && isEmpty(d)) return d;
  if (!CLOCK_EVENTS.has(event.type) && isOpen(stage)) return d;
  if (event.type === 'DeadlineSet') {
    const set = event.data;
    const prev = d[set.deadline];
    const keepFlags = set.cause === 'resume' && prev !== undefined;
    out = {
      ...d,
      [set.deadline]: {
        kind: set.deadline,
        startedAt: set.startedAt,
        dueAt: set.dueAt,
        warnAt: set.warnAt,
        basis: set.basis,
        escalate: set.escalate,
        pausedFor: set.pausedFor,
        extensions: prev?.extensions ?? 0,
        status: 'running',
        metAt: undefined,
        warned: keepFlags ? prev.warned : false,
        breached: keepFlags ? prev.breached : false,
        metBy: set.metBy,
        period: set.period,
        ruleSet: set.ruleSet,
        repeat: set.repeat,
      },
    };
  } else if (event.type === 'DeadlineExtended') {
    const kind = event.data.deadline;
    out = update(d, kind, (c) => ({ ...c, extensions: c.extensions + 1 }));
  } else if (event.type === 'DeadlineWarned' || event.type === 'DeadlineBreached') {
    const kind = event.data.deadline;
    const flag = event.type === 'DeadlineWarned' ? 'warned' : 'breached';
    out = update(d, kind, (c) => ({ ...c, [flag]: true }));
  }
  if (ANSWERING.has(event.type)) {
    for (const clock of Object.values(out)) {
      if (clock.status === 'running' && answersClock(clock, event))
        out = update(out, clock.kind, (c) => ({ ...c, status: 'met', metAt: event.occurredAt }));
    }
  }
  if (STOPS_ALL.has(stage)) out = stopRunning(out, undefined);
  else if (stage === 'reviewed') out = stopRunning(out, 'followUp');
  return out;
};
