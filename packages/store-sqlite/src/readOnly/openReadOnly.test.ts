import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { isRedressError } from '@redress/core';
import { testEvents } from '@redress/testing';
import { describe, expect, test } from 'vitest';
import { sqliteStore } from '../sqliteStore';
import { tempFiles } from '../test/tempFile';
import { openReadOnly } from './openReadOnly';

const file = tempFiles();

const storeWith = async (events: number): Promise<string> => {
  const path = file();
  const store = sqliteStore({ path });
  await store.append('C-1', testEvents('C-1', events), { expectedVersion: 0 });
  await store.close();
  return path;
};

const failure = (work: () => unknown): unknown => {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
};

describe('openReadOnly', () => {
  test('reads the rows of a store as stored, and can write nothing', async () => {
    const path = await storeWith(3);
    const before = readFileSync(path);
    const db = openReadOnly(path);
    try {
      expect(db.prepare("SELECT version FROM events WHERE stream_id = 'C-1' ORDER BY version").pluck().all()).toEqual([
        1, 2, 3,
      ]);
      const refused = failure(() => db.prepare("DELETE FROM events WHERE stream_id = 'C-1'").run());
      expect((refused as { code?: string }).code).toBe('SQLITE_READONLY');
    } finally {
      db.close();
    }
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  test('a file that is not a Redress store is refused with VALIDATION, naming why; it is left as it was', () => {
    const other = file('other.db');
    const raw = new Database(other);
    raw.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
    raw.close();
    const text = file('notes.db');
    writeFileSync(text, 'just some text, not a database\n'.repeat(200));
    const empty = file('empty.db');
    new Database(empty).close();
    const cases = [
      [other, 'it holds other tables: invoices'],
      [text, 'not a SQLite database'],
      [empty, 'it holds no tables'],
    ] as const;
    for (const [path, why] of cases) {
      const error = failure(() => openReadOnly(path));
      expect(isRedressError(error, 'VALIDATION'), path).toBe(true);
      expect((error as Error).message).toContain(`${path} is not a Redress SQLite store (${why})`);
    }
    expect(readFileSync(text, 'utf8')).toBe('just some text, not a database\n'.repeat(200));
  });

  test('a path with no file is STORE_UNAVAILABLE, and no file is created', () => {
    const missing = file('missing.db');
    const error = failure(() => openReadOnly(missing));
    expect(isRedressError(error, 'STORE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toContain(`Cannot open SQLite file ${missing}`);
    expect(() => readFileSync(missing)).toThrow(/ENOENT/);
  });

  test('a file whose table of tables SQLite cannot read is TAMPERED, saying to restore it', async () => {
    const path = await storeWith(2);
    // Page 1 past the 100-byte file header: where SQLite keeps its table of tables.
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(1000, 0xa5), 0, 1000, 100);
    closeSync(fd);
    const error = failure(() => openReadOnly(path));
    expect(isRedressError(error, 'TAMPERED')).toBe(true);
    expect((error as Error).message).toContain(
      `SQLite file ${path} is damaged (database disk image is malformed); restore it from a backup`,
    );
  });
});
