import { answersClock } from '../deadlines/deadlineClock';
import type { ClockAnswer } from '../domain/response';
import type { StoredEvent } from '../domain/envelope';
import { isEventOf } from '../domain/envelope';
import type { DeadlineKind, UpholdOutcome } from '../domain/events';
import type { Projection } from './projection';

/** How a complaint ended, or `open`. */
export type Outcome = 'open' | 'resolved' | 'rejected' | 'withdrawn';

/** A deadline as the statistics see it: the last due time and when it was met. */
export interface ClockFacts {
  dueAt: string;
  metAt?: string;
  breached: boolean;
  /** What answers the clock, as its `DeadlineSet` recorded it (absent: the built-in answers). */
  metBy?: readonly ClockAnswer[];
}

/** What the statistics table needs of one complaint. */
export interface StatisticsFacts {
  category: string;
  department: string | undefined;
  receivedAt: string;
  closedAt: string | undefined;
  outcome: Outcome;
  clocks: Partial<Record<DeadlineKind, ClockFacts>>;
  satisfaction: number | undefined;
  escalations: number;
  /** Remedies the customer refused, each sending the complaint back to proposal. */
  refusals: number;
  version: number;
  /** The firm complained about (`ComplaintReceived.legalEntity`). */
  legalEntity?: string | undefined;
  /** Upheld, partly upheld or not upheld, from the review (or the first-contact resolution); a rejection is not upheld. */
  uphold?: UpholdOutcome | undefined;
  /** The review's classification: the root cause the statistics table counts. */
  rootCause?: string | undefined;
  /** Settled at first contact. */
  firstContact?: boolean | undefined;
  /** A duplicate merged into this complaint: counted there, not here. */
  mergedInto?: string | undefined;
}

/** The statistics projection's state: facts by complaint id. */
export type StatisticsState = Map<string, StatisticsFacts>;

const CLOSES: Partial<Record<string, Outcome>> = {
  ComplaintReviewed: 'resolved',
  ComplaintRejected: 'rejected',
  ComplaintWithdrawn: 'withdrawn',
};

/**
 * The facts behind the statistics table (顾客投诉分类统计表), one small record per
 * complaint. `statisticsTable` groups them by period, category and department.
 *
 * @example
 * const stats = projectionRunner({ store, projection: statisticsProjection() });
 * await stats.catchUp();
 * statisticsTable(stats.state, { period: 'month', timeZone: 'Asia/Shanghai' });
 */
export const statisticsProjection = (name = 'statistics'): Projection<StatisticsState> => ({
  name,
  init: () => new Map(),
  apply(state, e: StoredEvent) {
    if (isEventOf(e, 'ComplaintReceived')) {
      if (!state.has(e.streamId)) {
        state.set(e.streamId, {
          category: e.data.category,
          department: undefined,
          receivedAt: e.occurredAt,
          closedAt: undefined,
          outcome: 'open',
          clocks: {},
          satisfaction: undefined,
          escalations: 0,
          refusals: 0,
          version: e.version,
          ...(e.data.legalEntity === undefined ? {} : { legalEntity: e.data.legalEntity }),
        });
      }
      return state;
    }
    const f = state.get(e.streamId);
    if (f === undefined || f.version >= e.version) return state;
    f.version = e.version;
    if (isEventOf(e, 'ComplaintAccepted') || isEventOf(e, 'ComplaintReassigned')) f.department = e.data.department;
    else if (isEventOf(e, 'DeadlineSet')) {
      // A pause does not undo a breach; an extension starts the clock afresh.
      const kept = e.data.cause === 'resume' && (f.clocks[e.data.deadline]?.breached ?? false);
      const clock: ClockFacts = { dueAt: e.data.dueAt, breached: kept };
      if (e.data.metBy !== undefined) clock.metBy = e.data.metBy;
      f.clocks[e.data.deadline] = clock;
    } else if (isEventOf(e, 'DeadlineBreached')) {
      const clock = f.clocks[e.data.deadline];
      if (clock !== undefined) clock.breached = true;
    } else if (isEventOf(e, 'ComplaintEscalated')) f.escalations++;
    else if (isEventOf(e, 'CustomerResponded') && !e.data.accepted) f.refusals++;
    else if (isEventOf(e, 'FollowUpRecorded')) f.satisfaction = e.data.satisfaction;
    else if (isEventOf(e, 'ComplaintReviewed')) {
      f.rootCause = e.data.classification;
      f.uphold = e.data.outcome ?? f.uphold;
    } else if (isEventOf(e, 'ResolvedAtFirstContact')) {
      f.firstContact = true;
      f.uphold = e.data.outcome;
    } else if (isEventOf(e, 'ComplaintRejected')) f.uphold = 'not-upheld';
    else if (isEventOf(e, 'ComplaintMerged')) {
      f.mergedInto = e.data.into;
      f.closedAt = e.occurredAt;
    }
    for (const [kind, clock] of Object.entries(f.clocks) as [DeadlineKind, ClockFacts][]) {
      if (clock.metAt === undefined && answersClock({ kind, metBy: clock.metBy }, e)) clock.metAt = e.occurredAt;
    }
    const outcome = CLOSES[e.type];
    if (outcome !== undefined) {
      f.outcome = outcome;
      f.closedAt = e.occurredAt;
    }
    return state;
  },
  toJSON: (state) => [...state.entries()],
  fromJSON: (json) => new Map(json as [string, StatisticsFacts][]),
});
