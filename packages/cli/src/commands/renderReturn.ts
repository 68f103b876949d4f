import type { Figure, ReturnRow } from '@redress/core';
import { visibleText } from '../text/visibleText';

const days = (n: number | undefined) => (n === undefined ? '—' : n.toFixed(1));

const FIGURES = [
  ['received', 'received'],
  ['closed', 'closed'],
  ['closedInTime', 'closed in time'],
  ['firstContact', 'at first contact'],
  ['upheld', 'upheld'],
  ['partlyUpheld', 'partly upheld'],
  ['notUpheld', 'not upheld'],
] as const;

const listed = (f: Figure) => (f.complaints === undefined ? '' : `  ${f.complaints.map(visibleText).join(', ')}`);

/**
 * The regulator's return as text: one block per period and legal entity, a line
 * per figure, and with `--explain` the complaints behind each figure.
 *
 * @example
 * console.log(renderReturn(rows));
 */
export const renderReturn = (rows: readonly ReturnRow[]): string => {
  if (rows.length === 0) return 'no complaints in the period';
  const blocks = rows.map((r) => {
    const lines = [`${visibleText(r.period)} · ${visibleText(r.legalEntity)}`];
    for (const [key, label] of FIGURES)
      lines.push(`  ${label.padEnd(18)}${String(r[key].count).padStart(6)}${listed(r[key])}`);
    for (const [cat, f] of Object.entries(r.byCategory))
      lines.push(`  category ${visibleText(cat)}`.padEnd(20) + String(f.count).padStart(6) + listed(f));
    for (const [cause, f] of Object.entries(r.byRootCause))
      lines.push(`  root cause ${visibleText(cause)}`.padEnd(20) + String(f.count).padStart(6) + listed(f));
    const t = r.responseDays;
    lines.push(
      `  response days       average ${days(t.average)}, median ${days(t.median)}, p90 ${days(t.p90)} (${t.count})${
        t.complaints === undefined ? '' : `  ${t.complaints.map(visibleText).join(', ')}`
      }`,
    );
    return lines.join('\n');
  });
  return blocks.join('\n\n');
};
