import {
  RedressError,
  isRedressError,
  periodOf,
  regulatorReturn,
  statisticsProjection,
  statisticsTable,
  type StatisticsFacts,
  type StatisticsRow,
  type ReturnPeriod,
} from '@redress/core';
import { renderReturn } from './renderReturn';
import { eventParser } from '@redress/core/store-kit';
import { EXIT } from '../cli/exitCodes';
import { parseIsoDate } from '../cli/optionValues';
import type { Output } from '../cli/output';
import { progressBar } from '../progress/progressBar';
import type { Source } from '../source/source';
import { renderStats } from './renderStats';
import { defineCommand } from '../cli/command';

const BY = ['category', 'department', 'day', 'week', 'month'] as const;
type By = (typeof BY)[number];
const PERIODS: readonly string[] = ['day', 'week', 'month'];

const date = (value: string | undefined, flag: string): Date | undefined => {
  if (value === undefined) return undefined;
  const d = parseIsoDate(value);
  if (d === undefined)
    throw new RedressError(
      'VALIDATION',
      `${flag} must be a date such as 2026-03-01 or a date-time such as 2026-03-01T00:00:00Z (ISO 8601, a real day and time), got "${value}"`,
    );
  return d;
};

const keyOf = (by: By, f: StatisticsFacts, timeZone: string): string =>
  by === 'category'
    ? f.category
    : by === 'department'
      ? (f.department ?? '(none)')
      : periodOf(Date.parse(f.receivedAt), by, timeZone);

/**
 * The statistics table (core's statistics projection) over complaints received
 * in [--from, --to): one row per month × category × department, or one per
 * category, department, day, week or month with --by. Periods are counted in
 * --time-zone (an IANA zone; default UTC).
 *
 * @example
 * await stats(source, { from: '2026-01-01', to: '2026-04-01', by: 'category' }, out);
 */
export const stats = async (
  source: Source,
  options: {
    from?: string | undefined;
    to?: string | undefined;
    by?: string | undefined;
    return?: string | undefined;
    explain?: boolean | undefined;
    'time-zone'?: string | undefined;
  },
  out: Output,
): Promise<number> => {
  const from = date(options.from, '--from');
  const to = date(options.to, '--to');
  if (from !== undefined && to !== undefined && from >= to)
    throw new RedressError('VALIDATION', '--from must be before --to');
  if (options.by !== undefined && (options.return !== undefined || options.explain === true))
    throw new RedressError(
      'VALIDATION',
      '--by groups the statistics table; the return (--return, --explain) is grouped by period and legal entity: leave out one or the other',
    );
  if (options.by !== undefined && !(BY as readonly string[]).includes(options.by)) {
    throw new RedressError('VALIDATION', `--by must be one of ${BY.join(', ')}, got "${options.by}"`);
  }
  const projection = statisticsProjection();
  let state = projection.init();
  const parser = eventParser();
  const bar = progressBar('stats', await source.count());
  try {
    for await (const stream of source.streams()) {
      for (const raw of stream.events) {
        try {
          state = projection.apply(state, parser.parse(raw.value));
        } catch (error) {
          if (!isRedressError(error)) throw error;
          throw new RedressError(
            'TAMPERED',
            `${stream.streamId} at ${raw.where}: ${error.message}; run \`redress verify\``,
            isRedressError(error, 'TAMPERED') ? error.details : undefined,
          );
        }
      }
      bar.add(stream.events.length);
    }
  } finally {
    bar.done();
  }
  const window = { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
  const timeZone = options['time-zone'] ?? 'UTC';
  if (options.return !== undefined || options.explain === true) {
    const period = (options.return ?? 'month') as ReturnPeriod;
    const { rows } = regulatorReturn(state, { period, timeZone, explain: options.explain === true, ...window });
    out.result(renderReturn(rows), {
      from: from?.toISOString() ?? null,
      to: to?.toISOString() ?? null,
      period,
      timeZone,
      rows,
    });
    return EXIT.ok;
  }
  let rows: StatisticsRow[];
  let totals: StatisticsRow;
  if (options.by === undefined) {
    ({ rows, totals } = statisticsTable(state, { period: 'month', timeZone, ...window }));
  } else {
    const by = options.by as By;
    const groups = new Map<string, Map<string, StatisticsFacts>>();
    for (const [id, f] of state) {
      const key = keyOf(by, f, timeZone);
      if (!groups.has(key)) groups.set(key, new Map());
      groups.get(key)?.set(id, f);
    }
    rows = [...groups.keys()]
      .sort()
      .map((key) => ({
        ...statisticsTable(groups.get(key) as Map<string, StatisticsFacts>, { period: 'month', timeZone, ...window })
          .totals,
        [PERIODS.includes(by) ? 'period' : by]: key,
      }))
      .filter((r) => r.received > 0);
    totals = statisticsTable(state, { period: 'month', timeZone, ...window }).totals;
  }
  out.result(renderStats(rows, totals, options.by), {
    from: from?.toISOString() ?? null,
    to: to?.toISOString() ?? null,
    by: options.by ?? null,
    timeZone,
    rows,
    totals,
  });
  return EXIT.ok;
};

/** `redress stats`: its command line, help and run. */
export const statsCommand = defineCommand({
  name: 'stats',
  synopsis:
    'stats [--from DATE] [--to DATE] [--by category|department|day|week|month] [--return month|quarter|half-year|year [--explain]] [--time-zone ZONE]',
  summary: [
    'the complaint statistics table (DATE: 2026-03-01, or a TIME)',
    "--return: the regulator's return per period and legal entity; --explain lists the complaints behind each figure",
    '--time-zone: the IANA zone days, weeks and months are counted in (default UTC)',
  ],
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    by: { type: 'string' },
    return: { type: 'string' },
    explain: { type: 'boolean' },
    'time-zone': { type: 'string' },
  },
  store: 'read',
  run: ({ source, values, out }) => stats(source, values, out),
});
