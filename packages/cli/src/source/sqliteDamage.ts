import { RedressError, isRedressError } from '@redress/core';

/** Whether SQLite failed because the file's pages are not what SQLite wrote ("database disk image is malformed"). */
const driverCode = (error: unknown): string => String((error as { code?: unknown } | null)?.code ?? '');
const isDamage = (error: unknown): boolean => {
  const code = driverCode(error);
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
};

/**
 * A failure while reading a SQLite store file, as the CLI reports it: a page
 * SQLite cannot read is damage to the log (`TAMPERED`, exit 5), with what to do
 * about it; anything else is passed on as it is.
 *
 * @example
 * try { rows = db.prepare(sql).all(); } catch (error) { throw sqliteReadFailure('complaints.db', error); }
 */
export const sqliteReadFailure = (path: string, error: unknown): unknown => {
  if (isRedressError(error) || !isDamage(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new RedressError(
    'TAMPERED',
    `SQLite file ${path} is damaged (${message}): SQLite cannot read part of it, so the command stopped. ` +
      `Restore it from a backup; to keep what is still readable, SQLite's .recover writes it into a new file (sqlite3 ${path} .recover | sqlite3 recovered.db), which redress verify can then check`,
    { path, code: driverCode(error) },
    { cause: error },
  );
};

/**
 * Run a read of a SQLite store file, reporting a damaged file as sqliteReadFailure says.
 *
 * @example
 * const n = readingSqlite('complaints.db', () => db.prepare('SELECT count(*) FROM events').pluck().get());
 */
export const readingSqlite = <T>(path: string, read: () => T): T => {
  try {
    return read();
  } catch (error) {
    throw sqliteReadFailure(path, error);
  }
};
