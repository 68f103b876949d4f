import { RedressError, isRedressError } from '@redress/core';

/** Errors of the socket, not of the SQL: the server is down, unreachable or dropped us. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** SQLSTATEs that mean the session is gone or the server will not take work now. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '53400']);

const DRIVER_MESSAGES =
  /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed|Cannot use a pool after calling end/i;

/** The SQLSTATE of a `pg` error, if it has one. */
export const sqlState = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
};

/** True when `error` says the connection to PostgreSQL failed or was dropped. */
export const isConnectionError = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08')))
    return true;
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.some(isConnectionError)) return true;
  return DRIVER_MESSAGES.test((error as { message?: unknown }).message as string);
};

/**
 * SQLSTATEs of settings that are wrong rather than of a server that is away:
 * class 28 (the role or its password refused), 3D000 (no such database),
 * 42501 (the role lacks a privilege: another tenant's schema, say).
 */
const refusedBy = (state: string | undefined): 'login' | 'database' | 'privilege' | undefined =>
  state?.startsWith('28') ? 'login' : state === '3D000' ? 'database' : state === '42501' ? 'privilege' : undefined;

const REFUSED = {
  login: {
    what: 'was refused the login by PostgreSQL',
    advice: 'check the user name and password of the connection (trying again will not help)',
  },
  database: {
    what: 'was told by PostgreSQL that its database does not exist',
    advice: 'check the database name of the connection, or create the database (trying again will not help)',
  },
  privilege: {
    what: 'was denied access by PostgreSQL (its role lacks a privilege on the schema)',
    advice:
      "connect as the role that owns this schema — for a tenant, the tenant's own role and schema (trying again will not help)",
  },
} as const;

/**
 * Turn a driver error into a RedressError: `STORE_UNAVAILABLE` naming what was
 * being done and what to do. A refused login or a missing database says so,
 * with advice of its own instead of `advice` (which is for outages), and
 * `details.refused`. RedressErrors pass through unchanged.
 */
export const storeFailure = (error: unknown, doing: string, advice: string): RedressError => {
  if (isRedressError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const state = sqlState(error);
  const refused = refusedBy(state);
  const what =
    refused !== undefined
      ? REFUSED[refused].what
      : isConnectionError(error)
        ? 'lost or could not get its connection to PostgreSQL'
        : 'got an error from PostgreSQL';
  return new RedressError(
    'STORE_UNAVAILABLE',
    `The PostgreSQL event store ${what} while ${doing} (${message}${state === undefined ? '' : `, SQLSTATE ${state}`}); ${refused === undefined ? advice : REFUSED[refused].advice}`,
    { sqlState: state ?? null, connection: isConnectionError(error), ...(refused === undefined ? {} : { refused }) },
    { cause: error },
  );
};

/** Run a database call, mapping driver errors with {@link storeFailure}. */
export const guarded = async <T>(doing: string, advice: string, call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    throw storeFailure(error, doing, advice);
  }
};

export const RETRY_LATER = 'nothing was changed; try again when the database is reachable';
