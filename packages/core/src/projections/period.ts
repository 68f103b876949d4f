import { localParts } from '../deadlines/zone';

/** How the statistics table groups time. */
export type Period = 'day' | 'week' | 'month';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The period an instant falls in, in a time zone: `2026-01-05` (day),
 * `2026-W02` (ISO week), `2026-01` (month).
 *
 * @example
 * periodOf(Date.parse('2026-01-04T20:00:00Z'), 'week', 'Asia/Shanghai'); // '2026-W02'
 */
export const periodOf = (ms: number, period: Period, timeZone: string): string => {
  const p = localParts(ms, timeZone);
  if (period === 'month') return `${p.year}-${pad(p.month)}`;
  if (period === 'day') return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
  // ISO 8601 week: the week with the year's first Thursday is week 1.
  const date = new Date(Date.UTC(p.year, p.month - 1, p.day));
  const dow = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - dow);
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${pad(week)}`;
};
