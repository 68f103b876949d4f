import { isEventType } from '../domain/events';
import { RedressError } from '../errors/redressError';
import type { Upcasters } from './read/upcast';

/** The smallest and largest value a whole-number option may take. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/**
 * A value as an option's error message shows it: strings quoted and cut short,
 * other objects by kind (never their contents, which may hold a password).
 *
 * @example
 * shownValue('x'.repeat(100)); // '"xxx…"' (60 characters and an ellipsis)
 */
export const shownValue = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
};

/**
 * A plain object (not null, not an array): what an options argument must be.
 *
 * @example
 * isRecord({ path: 'complaints.db' }); // true
 * isRecord(['complaints.db']); // false
 */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const UPCASTERS =
  'an object of functions by event type and schema version, e.g. { ComplaintReceived: { 1: (data) => … } }';

/**
 * The checks every store (and the engine) runs on its options when it is made,
 * so that a wrong option fails at once with `VALIDATION` naming the option, the
 * value given and what it may be, rather than as a confusing failure at the first
 * command. `owner` starts each message (`sqliteStore`, `createEngine`).
 *
 * @example
 * const check = optionChecks('myStore');
 * const pageSize = check.count(options, 'pageSize', { min: 1, max: 100_000 }, 500);
 */
export const optionChecks = (owner: string) => {
  const refuse = (option: string, message: string, details: object = {}) =>
    new RedressError('VALIDATION', `${owner}: ${message}`, { option, ...details });

  /** A whole number in `range`, or `fallback` when absent. */
  const count = (options: Record<string, unknown>, name: string, range: Range, fallback: number): number => {
    const value = options[name];
    if (value === undefined) return fallback;
    const { min, max } = range;
    if (!(Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max)) {
      throw refuse(
        name,
        `${name} must be a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}, got ${shownValue(value)}`,
        { min, max },
      );
    }
    return value as number;
  };

  /** `true` or `false`, or `fallback` when absent. */
  const flag = (options: Record<string, unknown>, name: string, fallback: boolean): boolean => {
    const value = options[name];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') throw refuse(name, `${name} must be true or false, got ${shownValue(value)}`);
    return value;
  };

  /** An object of lifts by event type, then by the schema version each lifts from; `undefined` when absent. */
  const upcasters = (value: unknown): Upcasters | undefined => {
    if (value === undefined) return undefined;
    if (!isRecord(value)) throw refuse('upcasters', `upcasters must be ${UPCASTERS}, got ${shownValue(value)}`);
    for (const [type, lifts] of Object.entries(value)) {
      if (!isEventType(type))
        throw refuse(
          'upcasters',
          `upcasters.${type}: no event type is called ${JSON.stringify(type)}; upcasters must be ${UPCASTERS}`,
        );
      if (!isRecord(lifts))
        throw refuse(
          'upcasters',
          `upcasters.${type} must be an object of functions by schema version, got ${shownValue(lifts)}`,
        );
      for (const [version, lift] of Object.entries(lifts)) {
        if (!/^[1-9][0-9]*$/.test(version))
          throw refuse(
            'upcasters',
            `upcasters.${type}: ${JSON.stringify(version)} is not a schema version (a whole number from 1)`,
          );
        if (typeof lift !== 'function')
          throw refuse('upcasters', `upcasters.${type}[${version}] must be a function, got ${shownValue(lift)}`);
      }
    }
    return value as Upcasters;
  };

  return { refuse, count, flag, upcasters };
};
