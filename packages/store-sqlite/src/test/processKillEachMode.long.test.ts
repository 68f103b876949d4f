import { verifyEvents } from '@redress/core';
import { collect, testEvents } from '@redress/testing';
import { expect, test } from 'vitest';
import { sqliteStore } from '../sqliteStore';
import { expectTreeOfRows, killMidRun } from './killMidRun';
import { tempFiles } from './tempFile';

const file = tempFiles();

test.each(['worker', 'inline'] as const)(
  'a process killed in the middle of writing (%s writer) leaves whole appends only: every batch with its outbox row, or nothing of it; the tree covers them',
  async (writer) => {
    const path = file();
    await sqliteStore({ path }).close();
    const reported = await Promise.all([
      killMidRun(path, ['K-1'], 150, writer),
      killMidRun(path, ['K-2'], 150, writer),
    ]);

    const store = sqliteStore({ path });
    for (const [i, stream] of ['K-1', 'K-2'].entries()) {
      const events = await collect(store.readStream(stream));
      // Everything it was told had committed is there; at most a few more committed before the kill landed.
      expect(events.length).toBeGreaterThanOrEqual(reported[i]!.get(stream)!);
      expect(events.length % 3).toBe(0);
      expect(await verifyEvents(events)).toMatchObject({ ok: true });
      const rows = await store.outbox.list({ streamId: stream });
      expect(rows.map((r) => r.eventId)).toEqual(events.filter((e) => e.version % 3 === 0).map((e) => e.id));
    }
    const all = await collect(store.readAll());
    expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
    await expectTreeOfRows(path, all.length);
    // The file still takes writes after the crash.
    const last = (await collect(store.readStream('K-1'))).at(-1)!;
    const next = await store.append('K-1', testEvents('K-1', 1, { after: last }), { expectedVersion: last.version });
    expect(next.version).toBe(last.version + 1);
    await store.close();
  },
  120_000,
);
