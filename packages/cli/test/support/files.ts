import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { GENESIS_HASH, hashEvent, type RecordedEvent } from '@redress/core';
import { sqliteStore } from '@redress/store-sqlite';
import { GUARD_NAMES } from '../../../store-sqlite/src/schema/rowGuard';
import { seedComplaints } from './seedStore';

/** A fresh temporary directory. */
export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'redress-cli-'));

/** A real SQLite store file with the seeded complaints (C-1 resolved, C-2 rejected, C-3 withdrawn). */
export const seededSqlite = async (dir: string, name = 'complaints.db'): Promise<string> => {
  const path = join(dir, name);
  const store = sqliteStore({ path });
  await seedComplaints(store, { outbox: true });
  await store.close();
  return path;
};

/**
 * Change stored rows directly, as someone with file access could: first dropping
 * the store's triggers, which refuse a body that is not JSON or names another event.
 */
export const editRows = (path: string, edit: (db: Database.Database) => void): void => {
  const db = new Database(path);
  try {
    // The store's own names for its triggers; IF EXISTS, as a file may not be a store yet.
    for (const name of GUARD_NAMES) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
    edit(db);
  } finally {
    db.close();
  }
};

/** The events of one stream as stored in the file. */
export const storedBodies = (path: string, streamId: string): (RecordedEvent & { position: number })[] => {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare('SELECT position, body FROM events WHERE stream_id = ? ORDER BY version').all(streamId) as {
      position: number;
      body: string;
    }[];
    return rows.map((r) => ({ ...(JSON.parse(r.body) as RecordedEvent), position: r.position }));
  } finally {
    db.close();
  }
};

/** Renumber and re-hash events so that only their order and content can be wrong. */
export const rechain = (events: readonly RecordedEvent[]): RecordedEvent[] => {
  let prevHash = GENESIS_HASH;
  return events.map((e, i) => {
    const { hash: _h, position: _p, ...rest } = e as RecordedEvent & { position?: number };
    const next = { ...rest, version: i + 1, prevHash };
    const hashed = { ...next, hash: hashEvent(next) } as RecordedEvent;
    prevHash = hashed.hash;
    return hashed;
  });
};

/** Lines of a text file, without the trailing empty one. */
export const lines = (path: string): string[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
export const writeLines = (path: string, ls: readonly string[]): void => writeFileSync(path, `${ls.join('\n')}\n`);
