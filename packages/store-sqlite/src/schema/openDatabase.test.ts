import Database from 'better-sqlite3';
import { testEvents } from '@redress/testing';
import { describe, expect, test } from 'vitest';
import { readOutbox } from '../outbox/sqliteOutbox';
import { sqliteStore } from '../sqliteStore';
import { tempFiles } from '../test/tempFile';

const file = tempFiles();

/** A store file with one event and its outbox row m1, as the first schema-version-1 release wrote it: the same tables without `history`. */
const fileWithoutHistory = async (): Promise<string> => {
  const path = file();
  const events = testEvents('C-1', 1);
  const first = sqliteStore({ path });
  await first.append('C-1', events, {
    expectedVersion: 0,
    outbox: [{ id: 'm1', streamId: 'C-1', eventId: events[0]!.id, channel: 'email', payload: { n: 1 } }],
  });
  await first.close();
  const raw = new Database(path);
  raw.exec('ALTER TABLE outbox DROP COLUMN history');
  raw.close();
  return path;
};

describe('a file written before the outbox kept an attempt history', () => {
  test('gets the history column on open, in place: old rows start with an empty history and record new attempts', async () => {
    const path = await fileWithoutHistory();
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

  test('is listed on a read-only connection as it stands: no history column, an empty history, the file unchanged', async () => {
    const path = await fileWithoutHistory();
    const readOnly = new Database(path, { readonly: true });
    expect(readOutbox(readOnly, { streamId: 'C-1' })).toEqual([
      expect.objectContaining({
        id: 'm1',
        streamId: 'C-1',
        channel: 'email',
        payload: { n: 1 },
        status: 'pending',
        attempts: 0,
        history: [],
      }),
    ]);
    expect(readOutbox(readOnly, { streamId: 'C-2' })).toEqual([]);
    expect(readOutbox(readOnly, { status: 'delivered' })).toEqual([]);
    const columns = readOnly.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('outbox');
    expect(columns).not.toContain('history');
    readOnly.close();
  });
});
