// Dates of stored events (the envelope's `occurredAt`, deadline times in data) are
// checked by character codes rather than by a regular expression and slices: three
// times faster, and it runs for every event read. It accepts only the form
// `toISOString` writes; other forms go to zod, which decides.
/** The digit at `v[i]`, or a value above 9 (as an unsigned number) if it is not one. */
const digit = (v: string, i: number): number => v.charCodeAt(i) - 48;
/** Two digits at `v[i]`: their value, or -1. */
const two = (v: string, i: number): number => {
  const a = digit(v, i);
  const b = digit(v, i + 1);
  return a >>> 0 > 9 || b >>> 0 > 9 ? -1 : a * 10 + b;
};
/** The separators of `YYYY-MM-DDTHH:MM:SS.mmmZ` stand where they should. */
const isoMarks = (v: string) =>
  v.charCodeAt(4) === 45 &&
  v.charCodeAt(7) === 45 &&
  v.charCodeAt(10) === 84 &&
  v.charCodeAt(13) === 58 &&
  v.charCodeAt(16) === 58 &&
  v.charCodeAt(19) === 46 &&
  v.charCodeAt(23) === 90;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/**
 * A real moment in `YYYY-MM-DDTHH:MM:SS.mmmZ` form (what `toISOString` writes), without building a Date.
 *
 * @example
 * isoMoment('2026-02-29T10:00:00.000Z'); // false: 2026 is not a leap year
 */
export const isoMoment = (v: unknown): boolean => {
  if (typeof v !== 'string' || v.length !== 24 || !isoMarks(v)) return false;
  const century = two(v, 0);
  const yy = two(v, 2);
  const month = two(v, 5);
  const day = two(v, 8);
  const hour = two(v, 11);
  const minute = two(v, 14);
  const second = two(v, 17);
  if (century < 0 || yy < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return false;
  if (digit(v, 20) >>> 0 > 9 || digit(v, 21) >>> 0 > 9 || digit(v, 22) >>> 0 > 9) return false;
  const year = century * 100 + yy;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0);
  return day >= 1 && day <= days && hour < 24 && minute < 60 && second < 60;
};
