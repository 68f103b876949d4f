import Database from 'better-sqlite3';
import { testEvents } from '@redress/testing';
import { describe, expect, test } from 'vitest';
import { sqliteStore } from '../sqliteStore';
import { tempFiles } from '../test/tempFile';

const file = tempFiles();

describe('a file written before the outbox kept an attempt history', () => {
  test('gets the history column on open, in place: old rows start with an empty history and record new attempts', async () => {
    const path = file();
    const events = testEvents('C-1', 1);
    const first = sqliteStore({ path });
    await first.append('C-1', events, { expectedVersion: 0, outbox: [{ id: 'm1', streamId: 'C-1', eventId: events[0]!.id, channel: 'email', payload: { n: 1 } }] });
    await first.close();
    // What the first schema-version-1 release wrote: the same tables without `history`.
    const raw = new Database(path);
    raw.exec('ALTER TABLE outbox DROP COLUMN history');
    raw.close();

    const store = sqliteStore({ path });
    const [row] = await store.outbox.list();
    expect(row).toMatchObject({ id: 'm1', status: 'pending', history: [] });
    const now = new Date(Date.now() + 60_000);
    await store.outbox.claim({ now, limit: 1, leaseMs: 1000, worker: 'w' });
    await store.outbox.complete('m1', { now, worker: 'w' });
    const [done] = await store.outbox.list();
    expect(done?.history).toEqual([{ attempt: 1, at: now.toISOString(), worker: 'w', outcome: 'delivered' }]);
    await store.close();

    const after = new Database(path, { readonly: true });
    expect(after.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe('1');
    after.close();
  });
});
