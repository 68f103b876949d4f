import { verifyEvents } from '@redress/core';
import { collect } from '@redress/testing';
import { expect, test } from 'vitest';
import { sqliteStore } from '../sqliteStore';
import { expectTreeOfRows, killMidRun } from './killMidRun';
import { tempFiles } from './tempFile';

const file = tempFiles();

test('writers on the writer thread killed again and again: every append that resolved survives, the chain and the tree verify after each kill', async () => {
  const path = file();
  await sqliteStore({ path }).close();
  let reported = [0, 0];
  for (let round = 1; round <= 5; round++) {
    // Each process continues its stream where the file stands; it reports a version only once its append resolved.
    const now = await Promise.all([
      killMidRun(path, 'K-1', reported[0]! + 60, 'worker'),
      killMidRun(path, 'K-2', reported[1]! + 60, 'worker'),
    ]);
    const store = sqliteStore({ path, writer: 'inline' });
    for (const [i, stream] of ['K-1', 'K-2'].entries()) {
      const events = await collect(store.readStream(stream));
      expect(events.length, `round ${round}, ${stream}`).toBeGreaterThanOrEqual(now[i]!);
      expect(events.length % 3).toBe(0);
      expect(await verifyEvents(events)).toMatchObject({ ok: true });
      const rows = await store.outbox.list({ streamId: stream });
      expect(rows.map((r) => r.eventId)).toEqual(events.filter((e) => e.version % 3 === 0).map((e) => e.id));
    }
    const all = await collect(store.readAll());
    expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
    await store.close();
    await expectTreeOfRows(path, all.length);
    reported = now;
  }
}, 600_000);
