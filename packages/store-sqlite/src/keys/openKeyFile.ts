import { statSync, type Stats } from 'node:fs';
import Database from 'better-sqlite3';
import { RedressError } from '@redress/core';
import { openError } from '../driverErrors';
import { FORMAT as EVENT_FILE_FORMAT } from '../schema/ddl';
import { KEY_FILE_DDL, KEY_FILE_FORMAT, KEY_FILE_SCHEMA_VERSION } from './keyFileDdl';

const notKeys = (path: string, why: string, cause?: unknown) =>
  new RedressError(
    'VALIDATION',
    `${path} is not a Redress key store (${why}); nothing was changed. Point \`path\` at a Redress key file or at a new file`,
    { path },
    cause === undefined ? undefined : { cause },
  );

/** Refuse a path that exists but is not a regular file, before SQLite opens (or blocks on) it. */
const checkRegularFile = (path: string): void => {
  let stats: Stats | undefined;
  try {
    stats = statSync(path, { throwIfNoEntry: false });
  } catch {
    return; // One we cannot look at is left to the driver, which says why.
  }
  if (stats !== undefined && !stats.isFile())
    throw notKeys(path, stats.isDirectory() ? 'it is a directory' : 'it is not a regular file');
};

/** 'empty' for a new file; 'ours' for a key file this release can use; anything else is refused. */
const checkExisting = (db: Database.Database, path: string): 'empty' | 'ours' => {
  let tables: string[];
  try {
    tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw notKeys(path, 'not a SQLite database', error);
    throw error;
  }
  if (tables.length === 0) return 'empty';
  if (!tables.includes('meta')) throw notKeys(path, `it holds other tables: ${tables.slice(0, 5).join(', ')}`);
  const meta = new Map(
    (db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]),
  );
  if (meta.get('format') === EVENT_FILE_FORMAT) {
    throw new RedressError(
      'VALIDATION',
      `${path} is a Redress event store; keep the keys in a file of their own (for example keyFileBeside(${JSON.stringify(path)})), so that a copy of the events is never a copy of the keys`,
      { path },
    );
  }
  if (meta.get('format') !== KEY_FILE_FORMAT)
    throw notKeys(path, 'its meta table does not name it a Redress key store');
  const version = Number(meta.get('schema_version'));
  if (!Number.isInteger(version) || version < 1) throw notKeys(path, 'its schema version is not a number');
  if (version > KEY_FILE_SCHEMA_VERSION) {
    throw new RedressError(
      'VALIDATION',
      `${path} was written by a newer @redress/store-sqlite (key-store schema version ${version}; this release knows up to ${KEY_FILE_SCHEMA_VERSION}); nothing was changed. Upgrade @redress/store-sqlite to open it`,
      { path, schemaVersion: version, supported: KEY_FILE_SCHEMA_VERSION },
    );
  }
  return 'ours';
};

/**
 * Open (or create) a key-store file: a regular file that is empty or a Redress
 * key store of a version we know, never an event store. WAL with
 * `synchronous=FULL` (a key, or its erasure, must survive a power cut) and
 * `secure_delete=ON`, so SQLite overwrites what it deletes with zeros.
 */
export const openKeyFile = (path: string, busyTimeoutMs: number): Database.Database => {
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
    db.pragma('synchronous = FULL');
    db.pragma('secure_delete = ON');
    if (state === 'ours') {
      // A file of an older version gets the tables it lacks (the DDL only adds what is missing).
      db.transaction(() => {
        const version = Number(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get());
        if (version >= KEY_FILE_SCHEMA_VERSION) return;
        db.exec(KEY_FILE_DDL);
        db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(KEY_FILE_SCHEMA_VERSION));
      }).immediate();
    }
    if (state === 'empty') {
      db.transaction(() => {
        // Another process may have made it since we looked.
        if (checkExisting(db, path) === 'ours') return;
        db.exec(KEY_FILE_DDL);
        const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
        put.run('format', KEY_FILE_FORMAT);
        put.run('schema_version', String(KEY_FILE_SCHEMA_VERSION));
        put.run('created_at', new Date().toISOString());
      }).immediate();
    }
    return db;
  } catch (error) {
    db.close();
    throw openError(path, error);
  }
};
