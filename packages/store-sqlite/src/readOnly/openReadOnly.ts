import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { RedressError, isRedressError } from '@redress/core';
import { driverError } from '../driverErrors';
import { FORMAT } from '../schema/ddl';

const notRedress = (path: string, why: string) =>
  new RedressError(
    'VALIDATION',
    `${path} is not a Redress SQLite store (${why}); open a file written by @redress/store-sqlite`,
    { path },
  );

const unreadable = (path: string, why: string, cause: unknown) =>
  new RedressError('STORE_UNAVAILABLE', `Cannot read SQLite file ${path}: ${why}`, { path }, { cause });

/** Refuse a file whose tables do not make it a Redress store; any other failure to read is thrown as SQLite gave it. */
const checkFormat = (db: Database.Database, path: string): void => {
  let tables: string[];
  try {
    tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_NOTADB') throw notRedress(path, 'not a SQLite database');
    throw error;
  }
  if (!tables.includes('meta'))
    throw notRedress(
      path,
      tables.length === 0 ? 'it holds no tables' : `it holds other tables: ${tables.slice(0, 5).join(', ')}`,
    );
  const format = db.prepare("SELECT value FROM meta WHERE key = 'format'").pluck().get();
  if (format !== FORMAT) throw notRedress(path, 'its meta table does not name it a Redress store');
};

/**
 * Whether SQLite failed because it may not create the files a read of a WAL
 * file needs (`-shm`, and `-wal` if missing) beside it: a read-only directory
 * or medium.
 */
const cannotCreateBeside = (error: unknown): boolean => {
  const code = String((error as { code?: unknown }).code);
  return code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN');
};

/** Bytes in the file's write-ahead log: commits that are not in the main file yet. */
const pendingWal = (path: string): number => {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
};

/** Open `name` (the path, or a `file:` URI of it) read-only and check that it is a Redress store. */
const openAndCheck = (name: string, path: string): Database.Database => {
  let db: Database.Database;
  try {
    db = new Database(name, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new RedressError(
      'STORE_UNAVAILABLE',
      `Cannot open SQLite file ${path}: ${(error as Error).message}; check the path and its permissions`,
      { path },
      { cause: error },
    );
  }
  try {
    checkFormat(db, path);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
};

/**
 * A read-only copy in a directory we may not write to: SQLite cannot create the
 * `-shm` file a WAL read needs, so the file is opened `immutable` (no locks, no
 * `-shm`). That ignores a `-wal` file, so it is done only when there is none
 * with commits in it: a reader must never see less than is stored.
 */
const openImmutable = (path: string, failure: unknown): Database.Database => {
  const why = (failure as Error).message;
  const wal = pendingWal(path);
  if (wal > 0) {
    throw unreadable(
      path,
      `SQLite cannot open or create ${path}-shm beside it (${why}), which it needs to read the ${wal} bytes of commits in ${path}-wal; copy the file together with its -wal into a writable directory and open the copy`,
      failure,
    );
  }
  const uri = `${pathToFileURL(resolve(path)).href}?immutable=1`;
  try {
    return openAndCheck(uri, path);
  } catch (error) {
    if (isRedressError(error, 'VALIDATION')) throw error;
    throw unreadable(
      path,
      `SQLite cannot open or create ${path}-shm beside it (${why}), and reading it as an unchanging file failed too (${(error as Error).message}); copy it into a writable directory`,
      error,
    );
  }
};

/**
 * Open a Redress SQLite store file read-only, to read its rows as stored (an
 * audit, an export): no table is created, no trigger added, nothing written. A
 * file whose tables say it is not a Redress store is refused (`VALIDATION`), one
 * whose pages SQLite cannot read is `TAMPERED`, and one that cannot be read for
 * another reason says why (`STORE_UNAVAILABLE`). A store in a
 * directory that may not be written to (an archived copy) is read too, as an
 * unchanging file, unless a `-wal` beside it still holds commits, which that
 * would skip: then it is refused with the reason.
 *
 * Reading an archived copy opens a `file:` URI, which better-sqlite3 reads as one
 * only if `SQLITE_USE_URI=1` is set when its addon loads: this sets it, so call
 * it before anything else in the process opens a SQLite file.
 *
 * @example
 * const db = openReadOnly('complaints.db');
 * const n = db.prepare('SELECT count(*) FROM events').pluck().get();
 * db.close();
 */
export const openReadOnly = (path: string): Database.Database => {
  process.env.SQLITE_USE_URI ??= '1';
  try {
    return openAndCheck(path, path);
  } catch (error) {
    if (isRedressError(error)) throw error;
    // Pages SQLite cannot read: damage, as the store itself reports it (TAMPERED).
    if (String((error as { code?: unknown }).code).startsWith('SQLITE_CORRUPT')) throw driverError(path, error);
    if (!cannotCreateBeside(error))
      throw unreadable(path, `${(error as Error).message}; check that it is a complete, readable file`, error);
    return openImmutable(path, error);
  }
};
