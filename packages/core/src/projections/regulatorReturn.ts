import { RedressError } from '../errors/redressError';
import { checkTimeZone } from '../deadlines/zone';
import { periodOf } from './period';
import type { StatisticsFacts } from './statistics';

/** The periods a regulator's return is made for. */
export type ReturnPeriod = 'month' | 'quarter' | 'half-year' | 'year';

/** A number in the return, and (with `explain`) the complaints behind it, by id. */
export interface Figure {
  readonly count: number;
  readonly complaints?: readonly string[];
}

/** Times from receipt to the response that met the rule (or closing), in days. */
export interface ResponseDays {
  readonly count: number;
  readonly average: number | undefined;
  readonly median: number | undefined;
  readonly p90: number | undefined;
  readonly complaints?: readonly string[];
}

/** One row of the return: a period × legal entity. */
export interface ReturnRow {
  readonly period: string;
  /** `(none)` for complaints received without a legal entity. */
  readonly legalEntity: string;
  /** Received in the period. */
  readonly received: Figure;
  /** Closed in the period (resolved, rejected or withdrawn). */
  readonly closed: Figure;
  /** Of those closed, answered within the rule's time: the `resolve` clock met by its due time. */
  readonly closedInTime: Figure;
  /** Of those closed, settled at first contact. */
  readonly firstContact: Figure;
  readonly upheld: Figure;
  readonly partlyUpheld: Figure;
  /** Rejections count here too: the complaint was judged not to stand. */
  readonly notUpheld: Figure;
  /** Received in the period, by category. */
  readonly byCategory: Readonly<Record<string, Figure>>;
  /** Closed in the period, by the review's classification (`(none)`: not reviewed). */
  readonly byRootCause: Readonly<Record<string, Figure>>;
  /** Of those closed: receipt to the response that met the rule, else to closing. */
  readonly responseDays: ResponseDays;
}

/** What the return covers and how. */
export interface ReturnOptions {
  readonly period: ReturnPeriod;
  /** Zone the periods are counted in. Default `UTC`. */
  readonly timeZone?: string;
  /** Only periods from `from` (received or closed on or after it) and before `to`. */
  readonly from?: Date;
  readonly to?: Date;
  /** List the complaints behind each figure. */
  readonly explain?: boolean;
}

const DAY = 86_400_000;
const PERIODS: readonly ReturnPeriod[] = ['month', 'quarter', 'half-year', 'year'];

const periodKey = (ms: number, period: ReturnPeriod, timeZone: string): string => {
  const month = periodOf(ms, 'month', timeZone);
  const [year, m] = [month.slice(0, 4), Number(month.slice(5, 7))];
  if (period === 'month') return month;
  if (period === 'quarter') return `${year}-Q${Math.ceil(m / 3)}`;
  if (period === 'half-year') return `${year}-H${m <= 6 ? 1 : 2}`;
  return year;
};

interface Acc {
  period: string;
  legalEntity: string;
  figures: Record<
    'received' | 'closed' | 'closedInTime' | 'firstContact' | 'upheld' | 'partlyUpheld' | 'notUpheld',
    string[]
  >;
  byCategory: Map<string, string[]>;
  byRootCause: Map<string, string[]>;
  days: { id: string; days: number }[];
}

const push = (m: Map<string, string[]>, key: string, id: string) => {
  const list = m.get(key);
  if (list === undefined) m.set(key, [id]);
  else list.push(id);
};

const figure = (ids: readonly string[], explain: boolean): Figure =>
  explain ? { count: ids.length, complaints: [...ids].sort() } : { count: ids.length };

const nearestRank = (sorted: readonly number[], share: number) => sorted[Math.ceil(share * sorted.length) - 1];

const finish = (a: Acc, explain: boolean): ReturnRow => {
  const byKey = (m: Map<string, string[]>) =>
    Object.fromEntries([...m.keys()].sort().map((k) => [k, figure(m.get(k) ?? [], explain)]));
  const days = a.days.map((d) => d.days).sort((x, y) => x - y);
  const f = a.figures;
  return {
    period: a.period,
    legalEntity: a.legalEntity,
    received: figure(f.received, explain),
    closed: figure(f.closed, explain),
    closedInTime: figure(f.closedInTime, explain),
    firstContact: figure(f.firstContact, explain),
    upheld: figure(f.upheld, explain),
    partlyUpheld: figure(f.partlyUpheld, explain),
    notUpheld: figure(f.notUpheld, explain),
    byCategory: byKey(a.byCategory),
    byRootCause: byKey(a.byRootCause),
    responseDays: {
      count: days.length,
      average: days.length === 0 ? undefined : days.reduce((x, y) => x + y, 0) / days.length,
      median: days.length === 0 ? undefined : nearestRank(days, 0.5),
      p90: days.length === 0 ? undefined : nearestRank(days, 0.9),
      ...(explain ? { complaints: a.days.map((d) => d.id).sort() } : {}),
    },
  };
};

const UPHOLD = { upheld: 'upheld', 'partly-upheld': 'partlyUpheld', 'not-upheld': 'notUpheld' } as const;

/**
 * The return regulators ask for, per period and legal entity: complaints
 * received (by category) and closed (by root cause), closed within the rule's
 * time, upheld, partly upheld and not upheld, settled at first contact, and the
 * response times. Receipts count in the period they were received, the rest in
 * the period the complaint closed. A duplicate merged into another complaint is
 * counted once, there. With `explain`, each figure lists the complaints behind
 * it, so every number of a return can be traced to their events.
 *
 * @example
 * const { rows } = regulatorReturn(stats.state, { period: 'half-year', timeZone: 'Europe/London', explain: true });
 * rows[0]?.upheld.complaints; // ['C-12', 'C-31']
 */
export const regulatorReturn = (
  facts: ReadonlyMap<string, StatisticsFacts>,
  options: ReturnOptions,
): { rows: ReturnRow[] } => {
  const timeZone = options.timeZone ?? 'UTC';
  checkTimeZone(timeZone);
  if (!PERIODS.includes(options.period)) {
    throw new RedressError(
      'VALIDATION',
      `period must be one of ${PERIODS.map((p) => `"${p}"`).join(', ')}, got ${JSON.stringify(options.period)}`,
      { option: 'period', allowed: PERIODS },
    );
  }
  const explain = options.explain ?? false;
  const from = options.from?.getTime() ?? Number.NEGATIVE_INFINITY;
  const to = options.to?.getTime() ?? Number.POSITIVE_INFINITY;
  const inWindow = (ms: number) => ms >= from && ms < to;
  const groups = new Map<string, Acc>();
  const acc = (ms: number, entity: string): Acc => {
    const period = periodKey(ms, options.period, timeZone);
    const key = JSON.stringify([period, entity]);
    let a = groups.get(key);
    if (a === undefined) {
      a = {
        period,
        legalEntity: entity,
        figures: {
          received: [],
          closed: [],
          closedInTime: [],
          firstContact: [],
          upheld: [],
          partlyUpheld: [],
          notUpheld: [],
        },
        byCategory: new Map(),
        byRootCause: new Map(),
        days: [],
      };
      groups.set(key, a);
    }
    return a;
  };
  for (const [id, f] of facts) {
    if (f.mergedInto !== undefined) continue;
    const entity = f.legalEntity ?? '(none)';
    const received = Date.parse(f.receivedAt);
    if (inWindow(received)) {
      const a = acc(received, entity);
      a.figures.received.push(id);
      push(a.byCategory, f.category, id);
    }
    if (f.outcome === 'open' || f.closedAt === undefined) continue;
    const closed = Date.parse(f.closedAt);
    if (!inWindow(closed)) continue;
    const a = acc(closed, entity);
    a.figures.closed.push(id);
    if (f.firstContact === true) a.figures.firstContact.push(id);
    if (f.uphold !== undefined) a.figures[UPHOLD[f.uphold]].push(id);
    push(a.byRootCause, f.rootCause ?? '(none)', id);
    const resolve = f.clocks.resolve;
    const answered = resolve?.metAt ?? f.closedAt;
    if (resolve?.metAt !== undefined && Date.parse(resolve.metAt) <= Date.parse(resolve.dueAt))
      a.figures.closedInTime.push(id);
    if (f.outcome !== 'withdrawn') a.days.push({ id, days: (Date.parse(answered) - received) / DAY });
  }
  const rows = [...groups.entries()]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([, a]) => finish(a, explain));
  return { rows };
};
