import { RedressError } from '../errors/redressError';

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatter = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new RedressError(
        'VALIDATION',
        `Unknown time zone "${timeZone}"; use an IANA name such as "Asia/Shanghai" or "Europe/London"`,
      );
    }
    formatters.set(timeZone, f);
  }
  return f;
};

/** Check that `timeZone` is a zone this runtime's Intl knows; throws `VALIDATION` if not. */
export const checkTimeZone = (timeZone: string): void => {
  formatter(timeZone);
};

/** Local wall-clock fields of an instant in a zone. */
export interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/**
 * The wall-clock time of `ms` (epoch milliseconds) in `timeZone`, by Intl.
 *
 * @example
 * localParts(Date.parse('2026-03-29T01:30:00Z'), 'Europe/London'); // { hour: 2, minute: 30, … } (BST)
 */
export const localParts = (ms: number, timeZone: string): LocalParts => {
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatter(timeZone).formatToParts(ms)) {
    if (p.type in out) out[p.type as keyof LocalParts] = Number(p.value);
  }
  return out;
};

/**
 * How far the zone's wall clock is ahead of UTC at `ms`, in milliseconds (DST included).
 *
 * @example
 * zoneOffset(Date.parse('2026-07-01T00:00:00Z'), 'Europe/London'); // 3600000
 */
export const zoneOffset = (ms: number, timeZone: string): number => {
  const p = localParts(ms, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(ms / 1000) * 1000;
};

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A calendar date as `YYYY-MM-DD`. */
export type DateKey = string;

/**
 * The local calendar date of an instant, as `YYYY-MM-DD`.
 *
 * @example
 * localDate(Date.parse('2026-01-01T20:00:00Z'), 'Asia/Shanghai'); // '2026-01-02'
 */
export const localDate = (ms: number, timeZone: string): DateKey => {
  const p = localParts(ms, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
};

const parseKey = (key: DateKey): [number, number, number] => {
  const [y, m, d] = key.split('-').map(Number);
  return [y as number, m as number, d as number];
};

/**
 * The date `days` after `key` (negative goes back).
 *
 * @example
 * addDays('2026-02-27', 2); // '2026-03-01'
 */
export const addDays = (key: DateKey, days: number): DateKey => {
  const [y, m, d] = parseKey(key);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
};

/**
 * Day of the week of a date: 0 Sunday … 6 Saturday.
 *
 * @example
 * weekday('2026-01-05'); // 1 (a Monday)
 */
export const weekday = (key: DateKey): number => {
  const [y, m, d] = parseKey(key);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
};

/**
 * The instant at which the wall clock in `timeZone` shows `minuteOfDay` on date
 * `key` (1440 is the next midnight). A wall time skipped by a DST jump moves
 * forward by the jump; a repeated one maps to one of its two occurrences, always the same.
 *
 * @example
 * zonedInstant('2026-01-05', 9 * 60, 'Asia/Shanghai'); // Date.parse('2026-01-05T01:00:00Z')
 */
export const zonedInstant = (key: DateKey, minuteOfDay: number, timeZone: string): number => {
  const [y, m, d] = parseKey(key);
  const wall = Date.UTC(y, m - 1, d, 0, minuteOfDay);
  const first = zoneOffset(wall, timeZone);
  const guess = wall - first;
  const second = zoneOffset(guess, timeZone);
  if (second === first) return guess;
  const retry = wall - second;
  return zoneOffset(retry, timeZone) === second ? retry : Math.max(guess, retry);
};
