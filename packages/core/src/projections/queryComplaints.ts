import type { Complaint, Priority } from '../domain/complaint';
import type { DeadlineKind } from '../domain/events';
import { PRIORITIES } from '../domain/events';
import type { Stage } from '../domain/stages';
import { RedressError } from '../errors/redressError';

/** One line of the complaint list. */
export interface ComplaintRow {
  readonly id: string;
  readonly stage: Stage;
  readonly status: 'open' | 'closed';
  readonly category: string;
  readonly channel: string;
  readonly department: string | undefined;
  readonly assignee: string | undefined;
  readonly priority: Priority | undefined;
  readonly receivedAt: string;
  readonly updatedAt: string;
  readonly paused: boolean;
  /** Running deadlines: kind → due time. */
  readonly deadlines: Readonly<Partial<Record<DeadlineKind, string>>>;
  /** The earliest running due time. */
  readonly nextDueAt: string | undefined;
  /** A running deadline is breached (recorded by tick, or past at `now` when given). */
  readonly overdue: boolean;
}

/** What the complaint list can be sorted by. */
export type SortKey = 'receivedAt' | 'updatedAt' | 'nextDueAt' | 'priority' | 'id';

/** Filters (all must hold), sort order and page of a complaint list query. */
export interface ComplaintQuery {
  readonly stage?: Stage | readonly Stage[];
  readonly status?: 'open' | 'closed';
  readonly category?: string;
  readonly department?: string;
  readonly assignee?: string;
  readonly priority?: Priority | readonly Priority[];
  readonly overdue?: boolean;
  /** Also count deadlines past at this time as overdue (without waiting for tick). */
  readonly now?: Date;
  readonly sort?: { readonly by: SortKey; readonly order?: 'asc' | 'desc' };
  readonly offset?: number;
  readonly limit?: number;
}

const rank: Record<string, number> = Object.fromEntries(PRIORITIES.map((p, i) => [p, i]));

/**
 * The list row of a complaint; `now` marks passed deadlines overdue too.
 *
 * @example
 * toRow(await engine.load(id), Date.now()).overdue; // false
 */
export const toRow = (c: Complaint, now?: number): ComplaintRow => {
  const deadlines: Partial<Record<DeadlineKind, string>> = {};
  let nextDueAt: string | undefined;
  let overdue = false;
  for (const clock of Object.values(c.deadlines ?? {})) {
    if (clock.status !== 'running') continue;
    deadlines[clock.kind] = clock.dueAt;
    if (nextDueAt === undefined || clock.dueAt < nextDueAt) nextDueAt = clock.dueAt;
    if (clock.breached || (now !== undefined && Date.parse(clock.dueAt) < now && c.pausedAt === undefined))
      overdue = true;
  }
  return {
    id: c.id,
    stage: c.stage,
    status: c.status,
    category: c.category,
    channel: c.channel,
    department: c.department,
    assignee: c.assignee,
    priority: c.priority,
    receivedAt: c.receivedAt,
    updatedAt: c.updatedAt,
    paused: c.pausedAt !== undefined,
    deadlines,
    nextDueAt,
    overdue,
  };
};

const oneOf = <T>(want: T | readonly T[] | undefined, value: T | undefined) =>
  want === undefined || (Array.isArray(want) ? (want as readonly T[]).includes(value as T) : want === value);

const sortValue = (r: ComplaintRow, by: SortKey): string | number | undefined =>
  by === 'priority' ? (r.priority === undefined ? undefined : rank[r.priority]) : r[by];

/**
 * Filter, sort and page the complaint list. Rows without the sort value come last;
 * ties are broken by id, so the order is always the same.
 *
 * @example
 * queryComplaints(list.state, { status: 'open', sort: { by: 'nextDueAt' }, limit: 20 });
 */
export const queryComplaints = (complaints: ReadonlyMap<string, Complaint>, q: ComplaintQuery = {}): ComplaintRow[] => {
  const now = q.now?.getTime();
  if (q.now !== undefined && Number.isNaN(now)) throw new RedressError('VALIDATION', 'now must be a valid Date');
  const offset = q.offset ?? 0;
  const limit = q.limit ?? Number.POSITIVE_INFINITY;
  if (
    !(Number.isInteger(offset) && offset >= 0) ||
    !(limit === Number.POSITIVE_INFINITY || (Number.isInteger(limit) && limit >= 0))
  ) {
    throw new RedressError(
      'VALIDATION',
      `offset and limit must be whole numbers ≥ 0, got ${String(q.offset)} and ${String(q.limit)}`,
    );
  }
  const rows: ComplaintRow[] = [];
  for (const c of complaints.values()) {
    if (!oneOf(q.stage, c.stage) || !oneOf(q.priority, c.priority)) continue;
    if ((q.status !== undefined && c.status !== q.status) || (q.category !== undefined && c.category !== q.category))
      continue;
    if (
      (q.department !== undefined && c.department !== q.department) ||
      (q.assignee !== undefined && c.assignee !== q.assignee)
    )
      continue;
    const row = toRow(c, now);
    if (q.overdue === undefined || row.overdue === q.overdue) rows.push(row);
  }
  const by = q.sort?.by ?? 'receivedAt';
  const dir = q.sort?.order === 'desc' ? -1 : 1;
  rows.sort((a, b) => {
    const x = sortValue(a, by);
    const y = sortValue(b, by);
    if (x !== y) {
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      return (x < y ? -1 : 1) * dir;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return rows.slice(offset, offset + limit);
};
