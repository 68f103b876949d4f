import Database from 'better-sqlite3';
import { isRedressError, verifyEvents, type RecordedEvent } from '@redress/core';
import { collect, testEvents } from '@redress/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { sqliteStore, type SqliteStore } from '../sqliteStore';
import { tempFiles } from '../test/tempFile';
import { writerStats, writerWorker } from './writerClient';

const file = tempFiles();
const open: SqliteStore[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});
const storeOn = (path: string, writer: 'worker' | 'inline' = 'worker', busyTimeoutMs = 10_000) => {
  const store = sqliteStore({ path, writer, busyTimeoutMs });
  open.push(store);
  return store;
};

const rejection = (work: Promise<unknown>) =>
  work.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as Error & { code?: string; details?: unknown; cause?: unknown },
  );

const message = (id: string, event: RecordedEvent) => ({
  id,
  streamId: event.streamId,
  eventId: event.id,
  channel: 'email',
  payload: { to: 'a@example.cn' },
});

/** A second connection holding the file's write lock until released. */
const lockHolder = (path: string) => {
  const db = new Database(path);
  db.prepare('BEGIN IMMEDIATE').run();
  return () => {
    db.prepare('COMMIT').run();
    db.close();
  };
};

describe('errors from the writer thread are the errors of the inline writer: code, message and details', () => {
  const failures = async (writer: 'worker' | 'inline') => {
    const path = file();
    const store = storeOn(path, writer, 100);
    const first = testEvents('C-1', 2);
    await store.append('C-1', first, { expectedVersion: 0, outbox: [message('m-1', first[1]!)] });
    const more = testEvents('C-1', 1, { after: first[1] });
    const conflict = await rejection(store.append('C-1', testEvents('C-1', 1), { expectedVersion: 0 }));
    const stale = await rejection(store.append('C-1', more, { expectedVersion: 1 }));
    const outboxTaken = await rejection(
      store.append('C-2', testEvents('C-2', 1), { expectedVersion: 0, outbox: [message('m-1', more[0]!)] }),
    );
    const notHeld = await rejection(store.outbox.complete('m-1', { now: new Date(), worker: 'w-9' }));
    const missing = await rejection(store.outbox.complete('m-404', { now: new Date(), worker: 'w-9' }));
    const release = lockHolder(path);
    const busy = await rejection(store.append('C-3', testEvents('C-3', 1), { expectedVersion: 0 }));
    release();
    new Database(path).prepare("UPDATE outbox SET payload = '{\"to\": ' WHERE id = 'm-1'").run();
    const tampered = await rejection(store.outbox.claim({ now: new Date(), limit: 5, leaseMs: 1000, worker: 'w-1' }));
    return { conflict, stale, outboxTaken, notHeld, missing, busy, tampered };
  };

  test('CONFLICT (stream and outbox), NOT_FOUND, STORE_UNAVAILABLE (locked), TAMPERED', async () => {
    const inline = await failures('inline');
    const worker = await failures('worker');
    for (const [what, e] of Object.entries(worker)) {
      const expected = inline[what as keyof typeof inline];
      expect(isRedressError(e), `${what}: ${String(e)}`).toBe(true);
      expect({ code: e.code, message: e.message.replace(/\/tmp\/\S+/, 'FILE'), details: e.details }, what).toEqual({
        code: expected.code,
        message: expected.message.replace(/\/tmp\/\S+/, 'FILE'),
        details:
          typeof expected.details === 'object' && expected.details !== null && 'path' in expected.details
            ? { ...expected.details, path: (e.details as { path: string }).path }
            : expected.details,
      });
    }
    expect(worker.conflict.details).toEqual({ streamId: 'C-1', expectedVersion: 0, actualVersion: 2 });
    expect(worker.outboxTaken.details).toEqual({ outboxId: 'm-1' });
    expect(worker.busy).toMatchObject({ code: 'STORE_UNAVAILABLE', details: { code: 'SQLITE_BUSY' } });
    expect((worker.busy.cause as { code?: string }).code).toBe('SQLITE_BUSY');
    expect(worker.tampered.code).toBe('TAMPERED');
  });
});

describe('group commit', () => {
  test('writes that wait for the lock share one transaction; a conflicting one fails alone and leaves nothing', async () => {
    const path = file();
    const a = storeOn(path);
    const b = storeOn(path);
    await a.append('C-0', testEvents('C-0', 1), { expectedVersion: 0 });
    const release = lockHolder(path);
    const before = writerStats();
    const first = testEvents('C-1', 2);
    const writes = [
      a.append('C-1', first, { expectedVersion: 0, outbox: [message('m-1', first[0]!)] }),
      // The same stream again at version 0, from another store of the file: it loses, in the same group.
      b.append('C-1', testEvents('C-1', 3, { note: (i) => `loser ${i}` }), { expectedVersion: 0 }),
      b.append('C-2', testEvents('C-2', 1), { expectedVersion: 0, outbox: [message('m-1', first[0]!)] }),
      ...Array.from({ length: 10 }, (_, i) =>
        (i % 2 === 0 ? a : b).append(`D-${i}`, testEvents(`D-${i}`, 2), { expectedVersion: 0 }),
      ),
    ];
    setTimeout(release, 200);
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      ...Array(10).fill('fulfilled'),
    ]);
    const failed = outcomes
      .filter((o) => o.status === 'rejected')
      .map((o) => o.reason as { code: string; details: unknown });
    expect(failed[0]).toMatchObject({
      code: 'CONFLICT',
      details: { streamId: 'C-1', expectedVersion: 0, actualVersion: 2 },
    });
    expect(failed[1]).toMatchObject({ code: 'CONFLICT', details: { outboxId: 'm-1' } });
    const after = writerStats();
    // Thirteen writes, all queued behind the lock: one commit took them (two at most, if the first was taken alone).
    expect(after.writes - before.writes).toBe(13);
    expect(after.groups - before.groups).toBeLessThanOrEqual(2);

    const all = await collect(a.readAll());
    expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
    expect(all.filter((e) => e.streamId === 'C-1').map((e) => e.id)).toEqual(first.map((e) => e.id));
    expect(all.some((e) => e.streamId === 'C-2')).toBe(false);
    expect((await a.outbox.list()).map((r) => r.id)).toEqual(['m-1']);
    const size = await a.merkle.size();
    expect(size).toBe(all.length);
    // The tree the group wrote is the tree of the events: a tree built from the rows alone has its root.
    const db = new Database(path);
    db.prepare('UPDATE events SET tree = NULL').run();
    db.close();
    const rebuilt = sqliteStore({ path, writer: 'inline' });
    expect(await rebuilt.merkle.size()).toBe(size);
    expect(await rebuilt.merkle.root(size)).toBe(await a.merkle.root(size));
    await rebuilt.close();
  });
});

describe('the writer thread failing', () => {
  // A thread that throws, as a bug in it would. (Not worker.terminate(): better-sqlite3 aborts the whole
  // process when a thread is terminated in the middle of a statement, WiseLibs/better-sqlite3#842.)
  test('writes it had not answered reject with STORE_UNAVAILABLE, never hang; the next write starts a new thread', async () => {
    const path = file();
    const store = storeOn(path);
    await store.append('C-0', testEvents('C-0', 1), { expectedVersion: 0 });
    const release = lockHolder(path);
    const waiting = [1, 2, 3].map((i) => store.append(`C-${i}`, testEvents(`C-${i}`, 1), { expectedVersion: 0 }));
    // A message the thread cannot place: it throws, and the thread stops.
    writerWorker()?.postMessage({ t: 'run', conn: -1, id: -1, name: 'append', args: [], deadline: 0 });
    for (const w of waiting) {
      const e = await rejection(w);
      expect(isRedressError(e, 'STORE_UNAVAILABLE')).toBe(true);
      expect(e.message).toMatch(
        /writer thread .* stopped: it failed with .*no connection -1.*may or may not have been committed/,
      );
      expect(e.details).toEqual({ path, code: 'WRITER_STOPPED' });
    }
    release();
    expect(await collect(store.readStream('C-1'))).toEqual([]);
    const events = testEvents('C-4', 2);
    expect(await store.append('C-4', events, { expectedVersion: 0 })).toMatchObject({ version: 2 });
    expect(await verifyEvents(await collect(store.readStream('C-4')))).toMatchObject({ ok: true });
  });
});

describe('close', () => {
  test('waits for the writes under way, then refuses more', async () => {
    const path = file();
    const store = sqliteStore({ path });
    const writes = Array.from({ length: 20 }, (_, i) =>
      store.append(`C-${i}`, testEvents(`C-${i}`, 2), { expectedVersion: 0 }),
    );
    await store.close();
    expect((await Promise.allSettled(writes)).every((o) => o.status === 'fulfilled')).toBe(true);
    const late = await rejection(store.append('C-99', testEvents('C-99', 1), { expectedVersion: 0 }));
    expect(isRedressError(late, 'STORE_UNAVAILABLE')).toBe(true);
    expect(late.message).toContain('is closed');
    const check = new Database(path, { readonly: true });
    expect(check.prepare('SELECT count(*) FROM events').pluck().get()).toBe(40);
    check.close();
  });

  test('an inline store commits on its own connection and leaves no thread behind it', async () => {
    const store = storeOn(file(), 'inline');
    expect(store.writer).toBe('inline');
    const before = writerStats();
    await store.append('C-1', testEvents('C-1', 1), { expectedVersion: 0 });
    expect(writerStats()).toEqual(before);
  });
});

describe('the writer thread leaving when idle', () => {
  test('a write that comes as the idle thread is told to stop lands on a new thread, not on the leaving one', async () => {
    const first = storeOn(file());
    await first.append('C-1', testEvents('C-1', 1), { expectedVersion: 0 });
    const leaving = writerWorker();
    expect(leaving).toBeDefined();
    // The very moment the thread is told to stop, another store writes.
    const post = leaving!.postMessage.bind(leaving);
    let racing: Promise<unknown> | undefined;
    leaving!.postMessage = (m: { t?: string }) => {
      post(m);
      if (m.t === 'stop') {
        const second = storeOn(file());
        racing = second.append('C-2', testEvents('C-2', 1), { expectedVersion: 0 });
      }
    };
    await first.close();
    open.splice(open.indexOf(first), 1);
    await new Promise<void>((resolve) => leaving!.once('exit', () => resolve()));
    expect(racing).toBeDefined();
    await expect(racing).resolves.toMatchObject({ version: 1 });
    expect(writerWorker()).not.toBe(leaving);
  });
});
