import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { createEngine, isRedressError } from '@redress/core';
import { collect, testEvents } from '@redress/testing';
import { describe, expect, test } from 'vitest';
import { sqliteStore } from '../sqliteStore';
import { dropGuards } from './dropGuards';
import { tempFiles } from './tempFile';

const file = tempFiles();

const failure = (work: () => unknown): Error & { code?: string } => {
  try {
    work();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a failure');
};

const rejection = async (work: Promise<unknown>): Promise<Error & { code?: string; details?: unknown }> => {
  try {
    await work;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a rejection');
};

describe('a file that is not a Redress store is refused and left untouched', () => {
  test('a text file', () => {
    const path = file('notes.txt');
    writeFileSync(path, 'Dear customer, 您好 — this is not a database.\n'.repeat(200));
    const before = readFileSync(path);
    const error = failure(() => sqliteStore({ path }));
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
    expect(error.message).toContain('is not a Redress event store');
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(dirname(path))).toEqual(['notes.txt']);
  });

  test("another application's SQLite database", () => {
    const path = file('crm.db');
    const other = new Database(path);
    other.exec(
      "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('王芳');",
    );
    other.close();
    const before = readFileSync(path);
    const error = failure(() => sqliteStore({ path }));
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
    expect(error.message).toContain('customers');
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  test('a store written by a newer schema version', async () => {
    const path = file();
    const store = sqliteStore({ path });
    await store.append('C-1', testEvents('C-1', 2), { expectedVersion: 0 });
    await store.close();
    const raw = new Database(path);
    raw.prepare("UPDATE meta SET value = '2' WHERE key = 'schema_version'").run();
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const before = readFileSync(path);
    const error = failure(() => sqliteStore({ path }));
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
    expect(error.message).toMatch(/newer .*schema version 2.*Upgrade/s);
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});

describe('the file refuses a row whose body names another event', () => {
  test.each([
    [
      'a body that claims another version',
      "UPDATE events SET body = json_set(body, '$.version', 3) WHERE version = 2",
      /must name the stream and version/,
    ],
    [
      'a body that claims another stream',
      "UPDATE events SET body = json_set(body, '$.streamId', 'C-8') WHERE version = 2",
      /must name the stream and version/,
    ],
    [
      'a row moved to another stream',
      "UPDATE events SET stream_id = 'C-8' WHERE version = 2",
      /must name the stream and version/,
    ],
    [
      'a body that is not JSON',
      'UPDATE events SET body = \'{"id": "E-1", broken\' WHERE version = 2',
      /malformed JSON/,
    ],
    [
      'an inserted copy under another stream',
      "INSERT INTO events (stream_id, version, event_id, type, body) SELECT 'C-8', 1, event_id, type, body FROM events WHERE version = 1",
      /must name the stream and version/,
    ],
  ])('%s', async (_what, sql, refusal) => {
    const path = file();
    const store = sqliteStore({ path });
    await store.append('C-7', testEvents('C-7', 3), { expectedVersion: 0 });
    const before = await collect(store.readAll());
    const db = new Database(path);
    expect(() => db.prepare(sql).run()).toThrow(refusal);
    db.close();
    expect(await collect(store.readAll())).toEqual(before);
    await store.close();
  });

  test('guards dropped and replaced by no-ops are put back on open; rows written meanwhile are still checked', async () => {
    const path = file();
    const store = sqliteStore({ path });
    await store.append('C-7', testEvents('C-7', 3), { expectedVersion: 0 });
    await store.close();
    const db = new Database(path);
    dropGuards(db);
    db.exec('CREATE TRIGGER events_insert_agrees BEFORE INSERT ON events BEGIN SELECT 1; END');
    db.prepare("UPDATE events SET body = json_set(body, '$.streamId', 'C-8') WHERE version = 2").run();
    db.close();

    const reopened = sqliteStore({ path });
    const error = await rejection(collect(reopened.readAll()));
    expect(isRedressError(error, 'TAMPERED'), error.message).toBe(true);
    expect(error.message).toContain('says it is C-8 v2');
    const check = new Database(path, { readonly: true });
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all()).toEqual([
      'events_insert_agrees',
      'events_update_agrees',
    ]);
    expect(check.prepare("SELECT value FROM meta WHERE key = 'unguarded_through'").pluck().get()).toBe('3');
    check.close();
    const db2 = new Database(path);
    expect(() =>
      db2
        .prepare(
          "INSERT INTO events (stream_id, version, event_id, type, body) SELECT 'C-9', 1, event_id, type, body FROM events WHERE version = 1",
        )
        .run(),
    ).toThrow(/must name the stream and version/);
    db2.close();
    await reopened.close();
  });
});

describe('corrupt rows are reported as TAMPERED, naming stream and version', () => {
  // Written with the guard triggers dropped while the store is open, and again
  // after it reopened (and put them back): readAll checks every row itself while
  // the guards are missing, and the rows written without them afterwards.
  const corrupt = async (sql: string, reopen: boolean) => {
    const path = file();
    let store = sqliteStore({ path });
    await store.append('C-7', testEvents('C-7', 3), { expectedVersion: 0 });
    const db = new Database(path);
    dropGuards(db);
    db.prepare(sql).run();
    db.close();
    if (reopen) {
      await store.close();
      store = sqliteStore({ path });
    }
    return store;
  };

  const corruptions: readonly (readonly [string, string])[] = [
    ['invalid JSON', 'UPDATE events SET body = \'{"id": "E-1", broken\' WHERE version = 2'],
    ['a failing data schema', "UPDATE events SET body = json_set(body, '$.data.text', '') WHERE version = 2"],
    [
      'an envelope field of the wrong type',
      "UPDATE events SET body = json_set(body, '$.occurredAt', 'yesterday') WHERE version = 2",
    ],
    ['a body that claims another version', "UPDATE events SET body = json_set(body, '$.version', 3) WHERE version = 2"],
    [
      'a body that claims another stream',
      "UPDATE events SET body = json_set(body, '$.streamId', 'C-8') WHERE version = 2",
    ],
  ];
  test.each(
    corruptions.flatMap(
      ([what, sql]) =>
        [
          [what, sql, false],
          [`${what}, store reopened`, sql, true],
        ] as const,
    ),
  )('%s', async (_what, sql, reopen) => {
    const store = await corrupt(sql, reopen);
    for (const read of [() => store.readStream('C-7'), () => store.readAll()]) {
      const error = await rejection(collect(read()));
      expect(isRedressError(error, 'TAMPERED'), error.message).toBe(true);
      expect(error.message).toContain('C-7 v2');
      expect(error.details).toMatchObject({ streamId: 'C-7', version: 2 });
    }
    expect((await collect(store.readStream('C-7', { toVersion: 1 }))).map((e) => e.version)).toEqual([1]);
    const engine = createEngine({ store });
    expect(isRedressError(await rejection(engine.load('C-7')), 'TAMPERED')).toBe(true);
    await store.close();
  });

  test('a corrupt row written under the guards is named from its row, which readAll did not read', async () => {
    const path = file();
    const store = sqliteStore({ path });
    await store.append('C-7', testEvents('C-7', 3), { expectedVersion: 0 });
    new Database(path).prepare("UPDATE events SET body = json_set(body, '$.data.text', '') WHERE version = 2").run();
    const error = await rejection(collect(store.readAll()));
    expect(isRedressError(error, 'TAMPERED'), error.message).toBe(true);
    expect(error.message).toMatch(/^Stored event C-7 v2 \(position 2\) fails its check/);
    expect(error.details).toEqual({ streamId: 'C-7', version: 2, position: 2 });
    await store.close();
  });
});

test('an outbox row with a corrupt payload is reported as TAMPERED, naming the message', async () => {
  const path = file();
  const store = sqliteStore({ path });
  const events = testEvents('C-9', 1);
  await store.append('C-9', events, {
    expectedVersion: 0,
    outbox: [{ id: 'm-9', streamId: 'C-9', eventId: events[0]!.id, channel: 'email', payload: { to: 'a@b.cn' } }],
  });
  new Database(path).prepare("UPDATE outbox SET payload = '{\"to\": ' WHERE id = 'm-9'").run();
  const error = await rejection(store.outbox.list());
  expect(isRedressError(error, 'TAMPERED')).toBe(true);
  expect(error.message).toContain('m-9');
  await store.close();
});

describe('driver failures', () => {
  test('a writer locked out past the busy timeout gets STORE_UNAVAILABLE, and nothing is written', async () => {
    const path = file();
    const store = sqliteStore({ path, busyTimeoutMs: 50 });
    const blocker = new Database(path);
    blocker.prepare('BEGIN IMMEDIATE').run();
    const error = await rejection(store.append('C-1', testEvents('C-1', 1), { expectedVersion: 0 }));
    expect(isRedressError(error, 'STORE_UNAVAILABLE'), error.message).toBe(true);
    expect(error.message).toContain('busy timeout');
    blocker.prepare('ROLLBACK').run();
    blocker.close();
    expect(await collect(store.readAll())).toEqual([]);
    await store.append('C-1', testEvents('C-1', 1), { expectedVersion: 0 });
    expect(await collect(store.readAll())).toHaveLength(1);
    await store.close();
  });

  test('a writer waits for the lock without blocking the process: a lock released by a timer lets the append through', async () => {
    const path = file();
    const store = sqliteStore({ path, busyTimeoutMs: 10_000 });
    const blocker = new Database(path);
    blocker.prepare('BEGIN IMMEDIATE').run();
    // If the store waited for the lock synchronously, this timer could never fire.
    setTimeout(() => blocker.prepare('COMMIT').run(), 200);
    const result = await store.append('C-1', testEvents('C-1', 2), { expectedVersion: 0 });
    expect(result.version).toBe(2);
    blocker.close();
    expect((await collect(store.readStream('C-1'))).map((e) => e.version)).toEqual([1, 2]);
    await store.close();
  });

  test('a closed store says so', async () => {
    const store = sqliteStore({ path: file() });
    await store.close();
    const error = await rejection(store.append('C-1', testEvents('C-1', 1), { expectedVersion: 0 }));
    expect(isRedressError(error, 'STORE_UNAVAILABLE')).toBe(true);
    expect(error.message).toContain('closed');
  });

  test('a payload that is not JSON-safe is refused with VALIDATION before anything is written', async () => {
    const store = sqliteStore({ path: file() });
    const events = testEvents('C-1', 1);
    const error = await rejection(
      store.append('C-1', events, {
        expectedVersion: 0,
        outbox: [{ id: 'm1', streamId: 'C-1', eventId: events[0]!.id, channel: 'x', payload: { n: 10n } }],
      }),
    );
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
    expect(await collect(store.readAll())).toEqual([]);
    await store.close();
  });
});

describe('file settings', () => {
  test('the file is in WAL mode and carries its format and schema version', async () => {
    const path = file();
    await sqliteStore({ path }).close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare('SELECT key, value FROM meta ORDER BY key').all()).toEqual(
      expect.arrayContaining([
        { key: 'format', value: 'redress-event-store' },
        { key: 'schema_version', value: '1' },
      ]),
    );
    raw.close();
  });

  test('reading the whole log while writing to it between pages works (no connection held open)', async () => {
    const store = sqliteStore({ path: file(), pageSize: 3 });
    await store.append('C-1', testEvents('C-1', 10), { expectedVersion: 0 });
    const seen: number[] = [];
    let written = 0;
    for await (const e of store.readAll()) {
      seen.push(e.position);
      if (written < 2) await store.append(`D-${++written}`, testEvents(`D-${written}`, 1), { expectedVersion: 0 });
    }
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    await store.close();
  });
});
