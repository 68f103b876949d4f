import type { StatisticsRow } from '@redress/core';
import { visibleText } from '../text/visibleText';

const pct = (t: { percent: number | undefined }) => (t.percent === undefined ? '—' : `${Math.round(t.percent)}%`);
const num = (n: number | undefined, digits = 1) => (n === undefined ? '—' : n.toFixed(digits));

/**
 * The statistics table as aligned text.
 *
 * @example
 * console.log(renderStats(rows, totals, 'category'));
 */
export const renderStats = (rows: readonly StatisticsRow[], totals: StatisticsRow, by: string | undefined): string => {
  const keyHead = by === undefined ? ['month', 'category', 'department'] : [by];
  const head = [
    ...keyHead,
    'received',
    'resolved',
    'rejected',
    'withdrawn',
    'open',
    'decide in time',
    'resolve in time',
    'avg hours',
    'p90 hours',
    'satisfaction',
    'escalations',
  ];
  const line = (r: StatisticsRow, key: readonly string[]) => [
    ...key,
    `${r.received}`,
    `${r.outcomes.resolved}`,
    `${r.outcomes.rejected}`,
    `${r.outcomes.withdrawn}`,
    `${r.outcomes.open}`,
    pct(r.timeliness.decide),
    pct(r.timeliness.resolve),
    num(r.resolutionHours.average),
    num(r.resolutionHours.p90),
    num(r.satisfaction.average),
    `${r.escalations}`,
  ];
  const keyOf = (r: StatisticsRow) =>
    by === undefined
      ? [r.period, r.category, r.department]
      : [by === 'category' ? r.category : by === 'department' ? r.department : r.period];
  // Categories and departments come from the log: escaped before the columns are measured.
  const table = [
    head,
    ...rows.map((r) => line(r, keyOf(r).map(visibleText))),
    line(
      totals,
      keyHead.map((_, i) => (i === 0 ? 'total' : '')),
    ),
  ];
  const widths = head.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
  return table
    .map((row) =>
      row
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};
