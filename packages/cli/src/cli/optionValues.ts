// `new Date` and `Number` read far more than they should from a command line:
// 2026-02-31 rolls over to March 3, "March 3" becomes 2001, "1e1" is 10 and
// "0x3" is 3. An option that means something else than what was typed is worse
// than one refused, so these accept only the plain forms.

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:Z|([+-])(\d{2}):(\d{2})))?$/;

const daysIn = (year: number, month: number): number => {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
};

/**
 * The time an ISO 8601 date or date-time names: `YYYY-MM-DD` (midnight UTC), or
 * `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z` or an offset such as `+02:00`.
 * Undefined for anything else, and for a day or time that does not exist
 * (2026-02-30, 24:00).
 *
 * @example
 * parseIsoDate('2026-03-02T10:00:00+01:00'); // 2026-03-02T09:00:00.000Z
 * parseIsoDate('2026-02-31'); // undefined
 */
export const parseIsoDate = (value: string): Date | undefined => {
  const m = ISO.exec(value);
  if (m === null) return undefined;
  const part = (i: number) => Number(m[i] ?? 0);
  const [year, month, day, hour, minute, second] = [part(1), part(2), part(3), part(4), part(5), part(6)];
  const [offsetHours, offsetMinutes] = [part(9), part(10)];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const ms = Math.floor(Number(`0.${m[7] ?? 0}`) * 1000);
  // setUTCFullYear, not Date.UTC, which would read years 0–99 as 1900–1999.
  const t = new Date(0);
  t.setUTCFullYear(year, month - 1, day);
  t.setUTCHours(hour, minute, second, ms);
  const offset = (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  return new Date(t.getTime() - offset * 60_000);
};

/**
 * The whole number `value` writes in plain decimal digits ("12", "007"), else
 * undefined ("1e1", "0x3", " 3", "3.0", "-1", or too large to be exact).
 *
 * @example
 * parseWholeNumber('8'); // 8
 * parseWholeNumber('1e1'); // undefined
 */
export const parseWholeNumber = (value: string): number | undefined => {
  if (!/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
};
