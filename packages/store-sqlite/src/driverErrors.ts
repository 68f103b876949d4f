import { RedressError, isRedressError } from '@redress/core';

/** The driver's error code (`SQLITE_BUSY`, `ENOENT`, …), if it gave one. */
const driverCode = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
};

/** Turn a driver failure into a RedressError that says what to do. */
export const driverError = (path: string, error: unknown): Error => {
  if (isRedressError(error)) return error;
  const code = driverCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof TypeError && /not open/.test(message)) {
    return new RedressError(
      'STORE_UNAVAILABLE',
      `The SQLite store ${path} is closed; open a new sqliteStore`,
      { path },
      { cause: error },
    );
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new RedressError(
      'STORE_UNAVAILABLE',
      `SQLite file ${path} stayed locked by another writer past the busy timeout; nothing was written, try again (or raise busyTimeoutMs)`,
      { path, code },
      { cause: error },
    );
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new RedressError(
      'TAMPERED',
      `SQLite file ${path} is damaged (${message}); restore it from a backup`,
      { path, code },
      { cause: error },
    );
  }
  return new RedressError(
    'STORE_UNAVAILABLE',
    `SQLite store ${path} failed: ${message}; nothing was written, try again`,
    { path, code },
    { cause: error },
  );
};

/**
 * Turn a failure while opening the file into a RedressError: a lock held past
 * the timeout or a damaged file as {@link driverError} says, anything else
 * (an I/O error, a missing directory, no permission) as `STORE_UNAVAILABLE`.
 */
export const openError = (path: string, error: unknown): Error => {
  if (isRedressError(error)) return error;
  const code = driverCode(error);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')
    return driverError(path, error);
  const message = error instanceof Error ? error.message : String(error);
  return new RedressError(
    'STORE_UNAVAILABLE',
    `Cannot open SQLite file ${path}: ${message}; check the path and its permissions`,
    { path, code },
    { cause: error },
  );
};

/** Run a driver call, mapping its failures. */
export const guard = async <T>(path: string, work: () => T | Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    throw driverError(path, error);
  }
};

/** Run a synchronous driver call (a page of a read), mapping its failures. */
export const guardSync = <T>(path: string, work: () => T): T => {
  try {
    return work();
  } catch (error) {
    throw driverError(path, error);
  }
};
