import type { RecordedEvent } from '../domain/envelope';
import type { DeadlineKind, EventType } from '../domain/events';
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
}

/** A complaint's deadline clocks by kind. */
export type Deadlines = Readonly<Partial<Record<DeadlineKind, DeadlineClock>>>;

/**
 * Which events answer which deadline (a rejection is the final response too).
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

const CLOCK_EVENTS = new Set<string>([
  'DeadlineSet',
  'DeadlineExtended',
  'DeadlineWarned',
  'DeadlineBreached',
  ...Object.keys(DEADLINE_MET_BY),
]);
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
  if (!CLOCK_EVENTS.has(event.type) && (isOpen(stage) || Object.keys(d).length === 0)) return d;
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
  const met = DEADLINE_MET_BY[event.type];
  if (met !== undefined) {
    for (const kind of met) {
      out = update(out, kind, (c) => (c.status === 'running' ? { ...c, status: 'met', metAt: event.occurredAt } : c));
    }
  }
  if (STOPS_ALL.has(stage)) out = stopRunning(out, undefined);
  else if (stage === 'reviewed') out = stopRunning(out, 'followUp');
  return out;
};
