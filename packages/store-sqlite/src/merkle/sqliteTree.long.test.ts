import { spawn } from 'node:child_process';
import { fc, test as propTest } from '@fast-check/vitest';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { merkleRootOf, type RecordedEvent } from '@redress/core';
import { collect, testEvents } from '@redress/testing';
import { describe, expect, test } from 'vitest';
import { eventAppender } from '../events/appendEvents';
import { sqliteStore, type SqliteStore } from '../sqliteStore';
import { tempFiles } from '../test/tempFile';
import { sqliteTree } from './sqliteTree';

const file = tempFiles();
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const child = fileURLToPath(new URL('../test/childTreeReader.ts', import.meta.url));

const run = (args: string[]) =>
  new Promise<void>((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', '--conditions=@redress/source', child, ...args], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`process ${args[1]} exited with ${code}: ${stderr}`)),
    );
  });

/** The root over readAll's hashes, and the store's own at that size. */
const roots = async (store: SqliteStore) => {
  const all = await collect(store.readAll());
  const size = await store.merkle.size();
  return {
    events: all.length,
    size,
    root: await store.merkle.root(size),
    expected: await merkleRootOf(all.map((e) => e.hash)),
  };
};

/** `streams` streams of `each` events, appended in batches of up to 500. */
const fill = async (store: SqliteStore, streams: number, each: number) => {
  for (let s = 0; s < streams; s++) {
    const id = `C-${s}`;
    let after: RecordedEvent | undefined;
    for (let v = 0; v < each; v += 500) {
      const events = testEvents(id, Math.min(500, each - v), after === undefined ? {} : { after });
      await store.append(id, events, { expectedVersion: v });
      after = events.at(-1);
    }
  }
};

/** Make a store file look as a release before the tree left it: events without the tree column. */
const asBeforeTree = (path: string) => {
  const db = new Database(path);
  db.exec('ALTER TABLE events DROP COLUMN tree');
  db.close();
};

const hasTreeColumn = (path: string) => {
  const db = new Database(path, { readonly: true });
  const names = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('events');
  db.close();
  return names.includes('tree');
};

describe('the SQLite store’s Merkle tree', () => {
  test('a file written before the tree opens: the column goes in on open, its events go into the tree on the first read, appends then follow', async () => {
    const path = file();
    const old = sqliteStore({ path });
    await fill(old, 3, 40);
    await old.close();
    asBeforeTree(path);
    expect(hasTreeColumn(path)).toBe(false);

    const store = sqliteStore({ path });
    expect(hasTreeColumn(path)).toBe(true);
    const more = testEvents('C-new', 5);
    await store.append('C-new', more, { expectedVersion: 0 });
    const after = await roots(store);
    expect(after.size).toBe(125);
    expect(after.root).toBe(after.expected);
    await store.append('C-new', testEvents('C-new', 2, { after: more.at(-1) }), { expectedVersion: 5 });
    const later = await roots(store);
    expect([later.size, later.root]).toEqual([127, later.expected]);
    await store.close();
  });

  test('rows a writer without the tree adds are taken in, in position order, before the tree is read', async () => {
    const path = file();
    const store = sqliteStore({ path });
    const other = new Database(path);
    const appendWithout = eventAppender(other, null);
    const a = testEvents('C-a', 3);
    await store.append('C-a', a, { expectedVersion: 0 });
    appendWithout('C-b', testEvents('C-b', 2), { expectedVersion: 0 });
    // Behind the tree: the store leaves these to the catch-up, which keeps the order.
    await store.append('C-a', testEvents('C-a', 1, { after: a.at(-1) }), { expectedVersion: 3 });
    appendWithout('C-c', testEvents('C-c', 1), { expectedVersion: 0 });
    const r = await roots(store);
    expect([r.events, r.size, r.root]).toEqual([7, 7, r.expected]);
    expect(await store.merkle.leafIndex(7)).toBe(6);
    other.close();
    await store.close();
  });

  test('the catch-up goes a transaction at a time and picks up where the last one ended', async () => {
    const path = file();
    const store = sqliteStore({ path });
    await fill(store, 2, 30);
    await store.close();
    asBeforeTree(path);
    await sqliteStore({ path }).close(); // the column back, no row with its tree
    const db = new Database(path);
    const tree = sqliteTree(db);
    const sizes: number[] = [];
    while (tree.behind()) {
      tree.catchUp(7);
      sizes.push(tree.size());
    }
    expect(sizes).toEqual([7, 14, 21, 28, 35, 42, 49, 56, 60]);
    db.close();
    const reopened = sqliteStore({ path });
    const r = await roots(reopened);
    expect([r.size, r.root]).toEqual([60, r.expected]);
    await reopened.close();
  });

  test('four stores on one file from before the tree, reading and appending at once: one tree, in order, past several catch-up transactions', async () => {
    const path = file();
    const old = sqliteStore({ path });
    await fill(old, 3, 8_000);
    await old.close();
    asBeforeTree(path);
    const stores = Array.from({ length: 4 }, () => sqliteStore({ path }));
    await Promise.all(
      stores.map(async (store, w) => {
        const id = `C-w${w}`;
        let after: RecordedEvent | undefined;
        for (let round = 0; round < 4; round++) {
          const events = testEvents(id, 1 + w, after === undefined ? {} : { after });
          await store.append(id, events, { expectedVersion: round * (1 + w) });
          after = events.at(-1);
          await store.merkle.size();
        }
      }),
    );
    const r = await roots(stores[0]!);
    expect([r.events, r.size, r.root]).toEqual([24_040, 24_040, r.expected]);
    for (const store of stores) expect(await store.merkle.root(await store.merkle.size())).toBe(r.expected);
    for (const store of stores) await store.close();
  }, 120_000);

  test('four processes taking a file from before the tree at once: one tree over every event, in position order', async () => {
    const path = file();
    const old = sqliteStore({ path });
    await fill(old, 3, 8_000);
    await old.close();
    asBeforeTree(path);
    await Promise.all(['p1', 'p2', 'p3', 'p4'].map((name) => run([path, name, '30'])));
    const store = sqliteStore({ path });
    const r = await roots(store);
    expect([r.events, r.size, r.root]).toEqual([24_120, 24_120, r.expected]);
    await store.close();
  }, 120_000);

  propTest.prop(
    [
      fc.array(fc.record({ writer: fc.nat({ max: 2 }), count: fc.integer({ min: 1, max: 5 }) }), {
        minLength: 1,
        maxLength: 40,
      }),
    ],
    { numRuns: 25 },
  )(
    'stores sharing a file, each remembering the peaks of its own appends, append in any turns and batch sizes: every one gives the root of the events as read',
    async (turns) => {
      const path = file();
      const stores = [0, 1, 2].map(() => sqliteStore({ path }));
      const streams = stores.map(() => ({ version: 0, after: undefined as RecordedEvent | undefined }));
      for (const { writer, count } of turns) {
        const stream = streams[writer]!;
        const events = testEvents(`C-${writer}`, count, stream.after === undefined ? {} : { after: stream.after });
        await stores[writer]!.append(`C-${writer}`, events, { expectedVersion: stream.version });
        stream.version += count;
        stream.after = events.at(-1);
      }
      const r = await roots(stores[0]!);
      expect([r.events, r.size, r.root]).toEqual([turns.reduce((n, t) => n + t.count, 0), r.events, r.expected]);
      for (const store of stores) expect(await store.merkle.root(r.size)).toBe(r.expected);
      // Every prefix too: each append's peaks were the ones of the tree before it.
      const all = await collect(stores[1]!.readAll());
      for (let n = 1; n <= all.length; n++)
        expect(await stores[2]!.merkle.root(n)).toBe(await merkleRootOf(all.slice(0, n).map((e) => e.hash)));
      for (const store of stores) await store.close();
    },
  );
});
