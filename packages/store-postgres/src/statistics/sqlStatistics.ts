import { statisticsTable, type StatisticsOptions, type StatisticsRow } from '@redress/core';
import type { Pool } from 'pg';
import { guarded } from '../errors/pgErrors';
import { quoteSchema } from '../schema/ddl';

/** The counting columns of a statistics row: complaints received and how they ended. */
export type StatisticsCounts = Pick<StatisticsRow, 'period' | 'category' | 'department' | 'received' | 'outcomes'>;

/** What `sqlStatistics` reads and how it groups. */
export interface SqlStatisticsOptions extends StatisticsOptions {
  /** The store's schema. Default `redress`. */
  readonly schema?: string;
}

/** PostgreSQL's `to_char` pattern of each period, as `periodOf` writes it (ISO weeks for `week`). */
const FORMATS = { day: 'YYYY-MM-DD', week: 'IYYY-"W"IW', month: 'YYYY-MM' } as const;

const ACCEPTS = `'ComplaintAccepted', 'ComplaintReassigned'`;
const CLOSES = `'ComplaintReviewed', 'ComplaintRejected', 'ComplaintWithdrawn'`;

/**
 * The facts the counts need, one scan of the events table: the type column picks
 * the rows, and only receipts and acceptances have their JSON read. The first
 * receipt of a stream starts its complaint; what comes after it counts, as the
 * statistics projection folds it: the last acceptance or reassignment names the
 * department, the last closing event the outcome, and a merge leaves the
 * complaint out (it is counted where it was merged into).
 */
const countsSql = (s: string, format: string) => `WITH x AS MATERIALIZED (
  SELECT stream_id, version, type, occurred_at,
    CASE WHEN type = 'ComplaintReceived' THEN event->'data'->>'category'
         WHEN type IN (${ACCEPTS}) THEN event->'data'->>'department' END AS value
  FROM ${s}.events
  WHERE type IN ('ComplaintReceived', 'ComplaintMerged', ${ACCEPTS}, ${CLOSES})
), r AS (
  SELECT DISTINCT ON (stream_id) stream_id, version, value AS category, occurred_at
  FROM x WHERE type = 'ComplaintReceived' ORDER BY stream_id, version
), later AS (
  SELECT x.stream_id, x.version, x.type, x.value FROM x JOIN r USING (stream_id) WHERE x.version > r.version
), d AS (
  SELECT DISTINCT ON (stream_id) stream_id, value AS department
  FROM later WHERE type IN (${ACCEPTS}) ORDER BY stream_id, version DESC
), o AS (
  SELECT DISTINCT ON (stream_id) stream_id, type AS closed
  FROM later WHERE type IN (${CLOSES}) ORDER BY stream_id, version DESC
)
SELECT to_char(r.occurred_at AT TIME ZONE $1, '${format}') AS period, r.category,
  coalesce(d.department, '(none)') AS department, count(*)::int AS received,
  (count(*) FILTER (WHERE o.closed IS NULL))::int AS open,
  (count(*) FILTER (WHERE o.closed = 'ComplaintReviewed'))::int AS resolved,
  (count(*) FILTER (WHERE o.closed = 'ComplaintRejected'))::int AS rejected,
  (count(*) FILTER (WHERE o.closed = 'ComplaintWithdrawn'))::int AS withdrawn
FROM r LEFT JOIN d USING (stream_id) LEFT JOIN o USING (stream_id)
WHERE NOT EXISTS (SELECT 1 FROM later m WHERE m.stream_id = r.stream_id AND m.type = 'ComplaintMerged')
  AND ($2::timestamptz IS NULL OR r.occurred_at >= $2) AND ($3::timestamptz IS NULL OR r.occurred_at < $3)
GROUP BY 1, 2, 3`;

interface CountRow {
  period: string;
  category: string;
  department: string;
  received: number;
  open: number;
  resolved: number;
  rejected: number;
  withdrawn: number;
}

const keyOf = (r: StatisticsCounts) => JSON.stringify([r.period, r.category, r.department]);

/**
 * The counting columns of core's `statisticsTable` (complaints received, and
 * their outcomes, per period × category × department; periods by receipt in
 * `timeZone`), computed by PostgreSQL over the store's events table instead of
 * folding every event in the app: the rows in the table's order, and the totals.
 * It reads the rows as stored and checks no hash: figures, not evidence (the
 * checked read is `readAll` and the statistics projection). Bad options are the
 * same `VALIDATION` errors `statisticsTable` gives, before any query.
 *
 * @example
 * const { rows, totals } = await sqlStatistics(pool, { period: 'month', timeZone: 'Asia/Shanghai' });
 * totals.outcomes.resolved; // 41
 */
export const sqlStatistics = async (
  pool: Pool,
  options: SqlStatisticsOptions,
): Promise<{ rows: StatisticsCounts[]; totals: StatisticsCounts }> => {
  const s = quoteSchema(options.schema ?? 'redress');
  // The table of no complaints checks the period and time zone as the in-memory table does.
  statisticsTable(new Map(), options);
  const timeZone = options.timeZone ?? 'UTC';
  const { rows } = await guarded('computing statistics', 'try again when the database is reachable', () =>
    pool.query<CountRow>(countsSql(s, FORMATS[options.period]), [
      timeZone,
      options.from?.toISOString() ?? null,
      options.to?.toISOString() ?? null,
    ]),
  );
  const totals = {
    period: 'all',
    category: 'all',
    department: 'all',
    received: 0,
    outcomes: { open: 0, resolved: 0, rejected: 0, withdrawn: 0 },
  };
  const counts = rows.map((r): StatisticsCounts => {
    totals.received += r.received;
    totals.outcomes.open += r.open;
    totals.outcomes.resolved += r.resolved;
    totals.outcomes.rejected += r.rejected;
    totals.outcomes.withdrawn += r.withdrawn;
    return {
      period: r.period,
      category: r.category,
      department: r.department,
      received: r.received,
      outcomes: { open: r.open, resolved: r.resolved, rejected: r.rejected, withdrawn: r.withdrawn },
    };
  });
  // Sorted here, by the very key statisticsTable sorts by: the database's collation might order otherwise.
  const keyed = counts.map((r) => [keyOf(r), r] as const);
  keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { rows: keyed.map(([, r]) => r), totals };
};
