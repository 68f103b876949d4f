import { DEADLINE_KINDS, type DeadlineKind } from '../domain/events';
import { RedressError } from '../errors/redressError';
import { checkTimeZone } from '../deadlines/zone';
import { periodOf, type Period } from './period';
import type { StatisticsFacts, Outcome } from './statistics';

/** Deadlines met in time out of those met or breached; `percent` is undefined when there are none. */
export interface Timeliness {
  readonly inTime: number;
  readonly total: number;
  readonly percent: number | undefined;
}

/** One row: a period × category × department, with counts by outcome and the measures of the procedure. */
export interface StatisticsRow {
  readonly period: string;
  readonly category: string;
  /** `(none)` while not yet accepted by a department. */
  readonly department: string;
  readonly received: number;
  readonly outcomes: Readonly<Record<Outcome, number>>;
  readonly timeliness: Readonly<Record<DeadlineKind, Timeliness>>;
  /** Receipt to closing (resolved or rejected), in hours. */
  readonly resolutionHours: {
    readonly count: number;
    readonly average: number | undefined;
    readonly p90: number | undefined;
  };
  readonly satisfaction: { readonly count: number; readonly average: number | undefined };
  readonly escalations: number;
  /** Times a customer refused an implemented remedy and the complaint went back to proposal. */
  readonly reopenedByRefusal: number;
}

/** How the statistics table groups and selects complaints. */
export interface StatisticsOptions {
  readonly period: Period;
  /** Zone the periods are counted in. Default `UTC`. */
  readonly timeZone?: string;
  /** Only complaints received in [from, to). */
  readonly from?: Date;
  readonly to?: Date;
}

interface Acc {
  row: { period: string; category: string; department: string };
  received: number;
  outcomes: Record<Outcome, number>;
  timely: Record<DeadlineKind, { inTime: number; total: number }>;
  hours: number[];
  scores: number[];
  escalations: number;
  refusals: number;
}

const HOUR = 3_600_000;
const mean = (xs: readonly number[]) => (xs.length === 0 ? undefined : xs.reduce((a, b) => a + b, 0) / xs.length);
/** Nearest-rank 90th percentile. */
const p90 = (xs: number[]) => (xs.length === 0 ? undefined : xs.sort((a, b) => a - b)[Math.ceil(0.9 * xs.length) - 1]);

const newAcc = (period: string, category: string, department: string): Acc => ({
  row: { period, category, department },
  received: 0,
  outcomes: { open: 0, resolved: 0, rejected: 0, withdrawn: 0 },
  timely: Object.fromEntries(DEADLINE_KINDS.map((k) => [k, { inTime: 0, total: 0 }])) as Acc['timely'],
  hours: [],
  scores: [],
  escalations: 0,
  refusals: 0,
});

const add = (a: Acc, f: StatisticsFacts) => {
  a.received++;
  a.outcomes[f.outcome]++;
  for (const kind of DEADLINE_KINDS) {
    const c = f.clocks[kind];
    if (c === undefined || (c.metAt === undefined && !c.breached)) continue;
    a.timely[kind].total++;
    if (c.metAt !== undefined && Date.parse(c.metAt) <= Date.parse(c.dueAt)) a.timely[kind].inTime++;
  }
  if ((f.outcome === 'resolved' || f.outcome === 'rejected') && f.closedAt !== undefined)
    a.hours.push((Date.parse(f.closedAt) - Date.parse(f.receivedAt)) / HOUR);
  if (f.satisfaction !== undefined) a.scores.push(f.satisfaction);
  a.escalations += f.escalations;
  a.refusals += f.refusals;
};

const finish = (a: Acc): StatisticsRow => ({
  ...a.row,
  received: a.received,
  outcomes: a.outcomes,
  timeliness: Object.fromEntries(
    DEADLINE_KINDS.map((k) => [
      k,
      { ...a.timely[k], percent: a.timely[k].total === 0 ? undefined : (100 * a.timely[k].inTime) / a.timely[k].total },
    ]),
  ) as StatisticsRow['timeliness'],
  resolutionHours: { count: a.hours.length, average: mean(a.hours), p90: p90(a.hours) },
  satisfaction: { count: a.scores.length, average: mean(a.scores) },
  escalations: a.escalations,
  reopenedByRefusal: a.refusals,
});

/**
 * The statistics table: one row per period × category × department (periods by
 * receipt), sorted by those keys, and the totals over all rows.
 *
 * @example
 * const { rows, totals } = statisticsTable(stats.state, { period: 'week', timeZone: 'Asia/Shanghai' });
 * totals.timeliness.decide.percent; // 92.5
 */
export const statisticsTable = (
  facts: ReadonlyMap<string, StatisticsFacts>,
  options: StatisticsOptions,
): { rows: StatisticsRow[]; totals: StatisticsRow } => {
  const timeZone = options.timeZone ?? 'UTC';
  checkTimeZone(timeZone);
  if (!['day', 'week', 'month'].includes(options.period)) {
    throw new RedressError(
      'VALIDATION',
      `period must be "day", "week" or "month", got ${JSON.stringify(options.period)}`,
    );
  }
  const from = options.from?.toISOString();
  const to = options.to?.toISOString();
  const groups = new Map<string, Acc>();
  const total = newAcc('all', 'all', 'all');
  for (const f of facts.values()) {
    // A duplicate is counted once, in the complaint it was merged into.
    if (f.mergedInto !== undefined) continue;
    if ((from !== undefined && f.receivedAt < from) || (to !== undefined && f.receivedAt >= to)) continue;
    const period = periodOf(Date.parse(f.receivedAt), options.period, timeZone);
    const department = f.department ?? '(none)';
    const key = JSON.stringify([period, f.category, department]);
    let acc = groups.get(key);
    if (acc === undefined) {
      acc = newAcc(period, f.category, department);
      groups.set(key, acc);
    }
    add(acc, f);
    add(total, f);
  }
  const rows = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, acc]) => finish(acc));
  return { rows, totals: finish(total) };
};
