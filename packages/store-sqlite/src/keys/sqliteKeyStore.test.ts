import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ephemeralKek, isErased, isRedressError, subjectKeys, type WrappedKey } from '@redress/core';
import { testKeyStore } from '@redress/testing';
import { describe, expect, test } from 'vitest';
import { sqliteStore } from '../sqliteStore';
import { tempFiles } from '../test/tempFile';
import { keyFileBeside } from './keyFileBeside';
import { sqliteKeyStore } from './sqliteKeyStore';

const tempFile = tempFiles();

/** The file and its -wal and -shm, as they are on disk now. */
const bytesOnDisk = (path: string): Buffer =>
  Buffer.concat([path, `${path}-wal`, `${path}-shm`].filter((p) => existsSync(p)).map((p) => readFileSync(p)));

testKeyStore('sqlite (a file of its own)', async () => {
  const path = tempFile('complaints.keys.db');
  return {
    store: sqliteKeyStore({ path }),
    reopen: async () => sqliteKeyStore({ path }),
    bytesAtRest: async () => bytesOnDisk(path),
  };
});

const refusal = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected VALIDATION');
};

describe('the SQLite key file', () => {
  test('a destroyed key is gone from the file and from its -wal, byte for byte, while another connection has the file open', async () => {
    const path = tempFile('complaints.keys.db');
    const store = sqliteKeyStore({ path });
    const other = sqliteKeyStore({ path });
    const keys = subjectKeys({ store, kek: ephemeralKek() });
    await keys.create('S-1');
    await keys.create('S-2');
    const wrapped = Buffer.from(((await other.fetch('S-1')) as WrappedKey).wrapped);
    expect(bytesOnDisk(path).includes(wrapped)).toBe(true);
    await keys.destroy('S-1');
    expect(readFileSync(path).includes(wrapped)).toBe(false);
    expect(existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`).includes(wrapped) : false).toBe(false);
    expect(isErased(await other.fetch('S-1'))).toBe(true);
    await store.close();
    await other.close();
    expect(bytesOnDisk(path).includes(wrapped)).toBe(false);
  });

  test('while another connection reads an old snapshot, destroy says the bytes are not wiped yet; repeating it finishes', async () => {
    const path = tempFile('k.db');
    const store = sqliteKeyStore({ path, busyTimeoutMs: 50 });
    const keys = subjectKeys({ store, kek: ephemeralKek() });
    await keys.create('S-1');
    const wrapped = Buffer.from(((await store.fetch('S-1')) as WrappedKey).wrapped);
    const reader = new Database(path);
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM subject_keys').get();
    const error = await keys.destroy('S-1').then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(error?.code).toBe('STORE_UNAVAILABLE');
    expect(error?.message).toContain('call destroy again');
    // The key is unusable at once, whatever happens to the bytes.
    expect(isErased(await store.fetch('S-1'))).toBe(true);
    reader.exec('COMMIT');
    reader.close();
    await keys.destroy('S-1');
    expect(bytesOnDisk(path).includes(wrapped)).toBe(false);
    await store.close();
  });

  test('the fence is in the file too: an erased row cannot get a key again nor be deleted, even by hand', async () => {
    const path = tempFile('k.db');
    const store = sqliteKeyStore({ path });
    await store.destroy('S-1');
    await store.close();
    const db = new Database(path);
    expect(() =>
      db
        .prepare("UPDATE subject_keys SET erased_at = NULL, kek_id = 'k', wrapped = x'00' WHERE subject_id = 'S-1'")
        .run(),
    ).toThrow(/never get a key again/);
    expect(() => db.prepare("DELETE FROM subject_keys WHERE subject_id = 'S-1'").run()).toThrow(/kept for good/);
    db.close();
  });

  test('the event file is refused, with the line that fixes it; nothing is written to it', async () => {
    const path = tempFile('complaints.db');
    await sqliteStore({ path }).close();
    const before = readFileSync(path);
    const message = refusal(() => sqliteKeyStore({ path }));
    expect(message).toContain('is a Redress event store');
    expect(message).toContain('keyFileBeside');
    expect(readFileSync(path).equals(before)).toBe(true);
    // And the other way round: the event store will not open a key file.
    const keysPath = keyFileBeside(path);
    await sqliteKeyStore({ path: keysPath }).close();
    expect(() => sqliteStore({ path: keysPath })).toThrow(/not a Redress event store/);
  });

  test('a file with other tables, a directory and a bad path are refused', async () => {
    const path = tempFile('other.db');
    const db = new Database(path);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(refusal(() => sqliteKeyStore({ path }))).toContain('not a Redress key store');
    expect(refusal(() => sqliteKeyStore({ path: tempFile('x').replace(/x$/, '') }))).toContain('directory');
    expect(refusal(() => sqliteKeyStore({ path: ':memory:' }))).toContain('memoryKeyStore');
    expect(refusal(() => sqliteKeyStore({ path: '' }))).toContain('path must name the key file');
    expect(refusal(() => sqliteKeyStore({ path: tempFile('k.db'), busyTimeoutMs: -1 }))).toContain('busyTimeoutMs');
  });

  test('a file from a newer release is refused and left alone', async () => {
    const path = tempFile('k.db');
    await sqliteKeyStore({ path }).close();
    const db = new Database(path);
    db.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
    db.close();
    expect(refusal(() => sqliteKeyStore({ path }))).toContain('newer @redress/store-sqlite');
  });

  test('a file of version 1 (before the subject index) gets the index tables on open, its keys and fence kept', async () => {
    const path = tempFile('k.db');
    const kek = ephemeralKek();
    const keys = subjectKeys({ store: sqliteKeyStore({ path }), kek });
    const key = await keys.create('S-1');
    await keys.destroy('S-2');
    await keys.close();
    const db = new Database(path);
    db.exec('DROP TABLE subject_complaints; DROP TABLE pending_erasures');
    db.prepare("UPDATE meta SET value = '1' WHERE key = 'schema_version'").run();
    db.close();
    const store = sqliteKeyStore({ path });
    await store.index.link([{ subjectId: 'S-1', complaintId: 'C-1' }]);
    expect(await store.index.complaintsOf('S-1')).toEqual(['C-1']);
    const again = subjectKeys({ store, kek });
    expect(((await again.get('S-1')) as typeof key).key.export().equals(key.key.export())).toBe(true);
    expect(isErased(await again.get('S-2'))).toBe(true);
    await store.close();
    const check = new Database(path);
    expect(check.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe('2');
    check.close();
  });

  test('keyFileBeside puts .keys before the extension, in the same directory', () => {
    expect(keyFileBeside('data/complaints.db')).toBe('data/complaints.keys.db');
    expect(keyFileBeside('/var/lib/redress/complaints.sqlite')).toBe('/var/lib/redress/complaints.keys.sqlite');
    expect(keyFileBeside('complaints')).toBe('complaints.keys');
  });
});
