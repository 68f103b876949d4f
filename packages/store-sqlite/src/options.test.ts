import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import Database from 'better-sqlite3';
import { EVENT_TYPES, isRedressError } from '@redress/core';
import { collect, testEvents, notWholeNumberIn, refusalOf } from '@redress/testing';
import { describe, expect } from 'vitest';
import { sqliteStore, type SqliteStoreOptions } from './sqliteStore';
import { tempFiles } from './test/tempFile';

const file = tempFiles();

/** sqliteStore(options) with a path in a fresh, empty directory: refused with VALIDATION naming `option`, and nothing created. */
const refusedWithNoFile = (option: string, options: Record<string, unknown>): Error => {
  const path = file();
  const error = refusalOf(() => sqliteStore({ path, ...options } as unknown as SqliteStoreOptions));
  expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
  expect(error.message).toContain(option);
  expect(readdirSync(dirname(path))).toEqual([]);
  return error;
};

describe('numeric options are whole numbers in range, checked when the store is made', () => {
  test.prop([notWholeNumberIn(1, 100_000)], { numRuns: 60 })(
    'any pageSize that is not a whole number from 1 to 100,000 is refused with VALIDATION, and no file is made',
    (pageSize) => {
      const error = refusedWithNoFile('pageSize', { pageSize });
      expect(error.message).toContain('from 1 to 100,000');
    },
  );

  test.prop([notWholeNumberIn(0, 3_600_000)], { numRuns: 60 })(
    'any busyTimeoutMs that is not a whole number from 0 to 3,600,000 is refused with VALIDATION, and no file is made',
    (busyTimeoutMs) => {
      const error = refusedWithNoFile('busyTimeoutMs', { busyTimeoutMs });
      expect(error.message).toContain('from 0 to 3,600,000');
    },
  );

  test('the values reported broken are among them', () => {
    for (const pageSize of [0, -5, 1.5, 'x'])
      expect(refusedWithNoFile('pageSize', { pageSize }).message).toMatch(
        /pageSize must be a whole number from 1 to 100,000, got/,
      );
    expect(refusedWithNoFile('busyTimeoutMs', { busyTimeoutMs: -1 }).message).toContain(
      'busyTimeoutMs must be a whole number from 0 to 3,600,000, got -1',
    );
  });

  test.prop([fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 12 })], { numRuns: 15 })(
    'any pageSize in range reads every event back in order, however many pages that takes',
    async (pageSize, count) => {
      const store = sqliteStore({ path: file(), pageSize });
      await store.append('C-1', testEvents('C-1', count), { expectedVersion: 0 });
      expect((await collect(store.readStream('C-1'))).map((e) => e.version)).toEqual(
        Array.from({ length: count }, (_, i) => i + 1),
      );
      expect((await collect(store.readAll())).map((e) => e.position)).toEqual(
        Array.from({ length: count }, (_, i) => i + 1),
      );
      await store.close();
    },
  );

  test('the ends of the ranges are accepted', async () => {
    for (const options of [
      { pageSize: 1 },
      { pageSize: 100_000 },
      { busyTimeoutMs: 0 },
      { busyTimeoutMs: 3_600_000 },
    ]) {
      const store = sqliteStore({ path: file(), ...options });
      await store.append('C-1', testEvents('C-1', 2), { expectedVersion: 0 });
      expect(await collect(store.readStream('C-1'))).toHaveLength(2);
      await store.close();
    }
  });
});

describe('durability is exactly one of the two modes', () => {
  test.prop(
    [
      fc.oneof(
        fc.string(),
        fc.constantFrom('FULL', 'Full', 'fast', 'normal', 'process-crash-safe ', 'off', null, true, 1),
      ),
    ],
    { numRuns: 60 },
  )(
    "any durability but 'full' and 'process-crash-safe' is refused with VALIDATION naming both, and no file is made",
    (durability) => {
      fc.pre(durability !== 'full' && durability !== 'process-crash-safe');
      const error = refusedWithNoFile('durability', { durability });
      expect(error.message).toContain("'full'");
      expect(error.message).toContain("'process-crash-safe'");
    },
  );

  test('both modes, and the default, are accepted and reported', async () => {
    for (const [durability, expected] of [
      [undefined, 'full'],
      ['full', 'full'],
      ['process-crash-safe', 'process-crash-safe'],
    ] as const) {
      const store = sqliteStore({ path: file(), ...(durability === undefined ? {} : { durability }) });
      expect(store.durability).toBe(expected);
      await store.close();
    }
  });
});

describe('path names a file', () => {
  test.prop([
    fc.constantFrom(undefined, null, '', '   ', 42, true, {}, ['events.db'], Buffer.from('events.db'), 'a\0b.db'),
  ])('a missing, empty or non-string path is refused with VALIDATION naming path', (path) => {
    const error = refusalOf(() => sqliteStore({ path } as unknown as SqliteStoreOptions));
    expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
    expect(error.message).toContain('path');
  });

  test("':memory:' is refused (its events would vanish on close), pointing at memoryStore()", () => {
    const error = refusalOf(() => sqliteStore({ path: ':memory:' }));
    expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
    expect(error.message).toContain('memoryStore()');
  });

  test('no options at all, or a bare path string, is refused with VALIDATION showing the call to make', () => {
    for (const options of [undefined, null, 'events.db']) {
      const error = refusalOf(() => sqliteStore(options as unknown as SqliteStoreOptions));
      expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
      expect(error.message).toContain('sqliteStore({ path');
    }
  });
});

describe('a path that is not a regular file is refused as not a store, and nothing is made beside it', () => {
  const notAFile = (path: string, kind: string) => {
    const dir = dirname(path);
    const before = readdirSync(dir);
    const error = refusalOf(() => sqliteStore({ path }));
    expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
    expect(error.message).toContain(`${path} is not a Redress event store`);
    expect(error.message).toContain(kind);
    expect(readdirSync(dir)).toEqual(before);
  };

  test('a directory', () => {
    const dir = join(dirname(file()), 'complaints.db');
    mkdirSync(dir);
    notAFile(dir, 'a directory');
    expect(readdirSync(dir)).toEqual([]);
  });

  test('/dev/null', () => notAFile('/dev/null', 'a device'));

  test('a link to /dev/null', () => {
    const link = file('events.db');
    symlinkSync('/dev/null', link);
    notAFile(link, 'a device');
  });

  test.skipIf(process.platform === 'win32')('a named pipe', () => {
    const fifo = file('events.db');
    execFileSync('mkfifo', [fifo]);
    notAFile(fifo, 'a named pipe');
  });
});

describe('every other failure to open is a RedressError', () => {
  test('a file another connection holds locked while the store opens it gives STORE_UNAVAILABLE, not a driver error', () => {
    const path = file();
    const other = new Database(path);
    other.exec('CREATE TABLE t (x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);');
    try {
      const error = refusalOf(() => sqliteStore({ path, busyTimeoutMs: 0 }));
      expect(isRedressError(error, 'STORE_UNAVAILABLE'), String(error)).toBe(true);
      expect(error.message).toContain(path);
    } finally {
      other.close();
    }
  });

  test('a path through a regular file is a RedressError too', () => {
    const text = file('notes.txt');
    writeFileSync(text, 'not a directory');
    const error = refusalOf(() => sqliteStore({ path: join(text, 'events.db') }));
    expect(isRedressError(error), String(error)).toBe(true);
    expect(error.message).toContain(join(text, 'events.db'));
  });
});

describe('upcasters are an object of functions by event type and version', () => {
  const [type] = EVENT_TYPES;
  // Every wrong shape of upcasters is core's optionChecks' property test; this shows the store runs it first.
  test('upcasters for an event type that does not exist are refused with VALIDATION naming upcasters, and no file is made', () => {
    refusedWithNoFile('upcasters', { upcasters: { NoSuchEvent: { 1: (data: unknown) => data } } });
  });

  test('an empty object and lifts by known type and version are accepted', async () => {
    for (const upcasters of [{}, { [type as string]: { 1: (data: unknown) => data } }]) {
      const store = sqliteStore({ path: file(), upcasters });
      await store.close();
    }
  });
});
