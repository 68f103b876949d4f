import { statSync, type Stats } from 'node:fs';
import Database from 'better-sqlite3';
import { RedressError } from '@redress/core';
import { SYNC_BUSY_MS } from '../busyRetry';
import { openError } from '../driverErrors';
import { ADD_OUTBOX_HISTORY, ADD_TREE_COLUMN, DDL, FORMAT, SCHEMA_VERSION, UNGUARDED_THROUGH } from './ddl';
import { guardState, installGuards } from './rowGuard';

/**
 * How hard a commit is pushed to disk: `'full'` survives a power cut,
 * `'process-crash-safe'` only a crash of the process.
 *
 * @example
 * sqliteStore({ path: 'complaints.db', durability: 'process-crash-safe' });
 */
export type Durability = 'full' | 'process-crash-safe';

export interface OpenOptions {
  readonly path: string;
  readonly durability: Durability;
  readonly busyTimeoutMs: number;
}

const notRedress = (path: string, why: string, cause?: unknown) =>
  new RedressError(
    'VALIDATION',
    `${path} is not a Redress event store (${why}); nothing was changed. Point \`path\` at a Redress SQLite file or at a new file`,
    { path },
    { cause },
  );

/** What a path that exists but is not a regular file is, for the message. */
const kindOf = (stats: Stats): string => {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
};

/**
 * Refuse a path that exists but is not a regular file (a directory, /dev/null, a
 * pipe) before SQLite opens it: SQLite would fail on it with a bare I/O error,
 * or block on a pipe. A path that does not exist yet is fine (it is created);
 * one we cannot look at is left to the driver, which says why.
 */
const checkRegularFile = (path: string): void => {
  let stats: Stats | undefined;
  try {
    stats = statSync(path, { throwIfNoEntry: false });
  } catch {
    return;
  }
  if (stats !== undefined && !stats.isFile()) throw notRedress(path, `it is ${kindOf(stats)}, not a regular file`);
};

const readMeta = (db: Database.Database): Map<string, string> =>
  new Map(
    (db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]),
  );

/** Refuse a file that is not ours, or that a newer release wrote, before writing anything to it. */
const checkExisting = (db: Database.Database, path: string): 'empty' | 'ours' => {
  let tables: string[];
  try {
    tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw notRedress(path, 'not a SQLite database', error);
    throw error;
  }
  if (tables.length === 0) return 'empty';
  if (!tables.includes('meta')) throw notRedress(path, `it holds other tables: ${tables.slice(0, 5).join(', ')}`);
  const meta = readMeta(db);
  if (meta.get('format') !== FORMAT) throw notRedress(path, 'its meta table does not name it a Redress store');
  const version = Number(meta.get('schema_version'));
  if (!Number.isInteger(version) || version < 1)
    throw notRedress(path, `its schema version "${meta.get('schema_version')}" is not a number`);
  if (version > SCHEMA_VERSION) {
    throw new RedressError(
      'VALIDATION',
      `${path} was written by a newer @redress/store-sqlite (schema version ${version}; this release knows up to ${SCHEMA_VERSION}); nothing was changed. Upgrade @redress/store-sqlite to open it`,
      { path, schemaVersion: version, supported: SCHEMA_VERSION },
    );
  }
  return 'ours';
};

const hasTreeColumn = (db: Database.Database): boolean =>
  (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('events') as string[]).includes('tree');

const hasOutboxHistory = (db: Database.Database): boolean =>
  (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('outbox') as string[]).includes('history');

/**
 * Open (or create) the store's file: check that it is a regular file holding a
 * Redress store of a schema version we know, then switch to WAL, create the tables if missing,
 * add the outbox's `history` column to a file written before it existed, the
 * events' `tree` column to one without it (its events are taken into the
 * Merkle tree before the tree is first read) and the guard triggers to one without them
 * (see `GUARD_TRIGGERS`).
 * Every failure is a RedressError.
 */
export const openDatabase = ({ path, durability, busyTimeoutMs }: OpenOptions): Database.Database => {
  checkRegularFile(path);
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
  } catch (error) {
    throw openError(path, error);
  }
  try {
    const state = checkExisting(db, path);
    db.pragma('journal_mode = WAL');
    // Anything but the weaker mode, named exactly, gets the stronger one.
    db.pragma(`synchronous = ${durability === 'process-crash-safe' ? 'NORMAL' : 'FULL'}`);
    // SQLite's page cache, per connection: appends touch a few index and tail pages and reads stream
    // each page once, so the driver's 16 MB default mostly holds pages nobody asks for again.
    db.pragma('cache_size = -4000');
    if (state === 'empty') {
      db.transaction(() => {
        // Another process may have created the store since we looked.
        if (checkExisting(db, path) === 'ours') return;
        db.exec(DDL);
        const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
        put.run('format', FORMAT);
        put.run('schema_version', String(SCHEMA_VERSION));
        put.run('created_at', new Date().toISOString());
        put.run(UNGUARDED_THROUGH, '0');
      }).immediate();
    }
    if (!hasOutboxHistory(db)) {
      db.transaction(() => {
        // Another process may have added it since we looked.
        if (!hasOutboxHistory(db)) db.exec(ADD_OUTBOX_HISTORY);
      }).immediate();
    }
    if (!hasTreeColumn(db)) {
      db.transaction(() => {
        // Another process may have added it since we looked.
        if (!hasTreeColumn(db)) db.exec(ADD_TREE_COLUMN);
      }).immediate();
    }
    const guards = guardState(db);
    if (!guards.hold()) {
      db.transaction(() => {
        // Another process may have put them in since we looked.
        if (!guards.hold()) installGuards(db);
      }).immediate();
    }
    // From here on writes wait for the lock asynchronously (see withBusyRetry).
    db.pragma(`busy_timeout = ${Math.min(busyTimeoutMs, SYNC_BUSY_MS)}`);
    return db;
  } catch (error) {
    db.close();
    throw openError(path, error);
  }
};
