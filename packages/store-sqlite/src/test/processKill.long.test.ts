import { verifyEvents } from '@redress/core';
import { collect } from '@redress/testing';
import { expect, test } from 'vitest';
import { sqliteStore } from '../sqliteStore';
import { expectTreeOfRows, killMidRun } from './killMidRun';
import { tempFiles } from './tempFile';

const file = tempFiles();

const streams = [
  ['K-1a', 'K-1b', 'K-1c', 'K-1d'],
  ['K-2a', 'K-2b', 'K-2c', 'K-2d'],
];

test('processes whose concurrent appends share commits on the writer thread, killed again and again: every append that resolved survives, the chain and the tree verify after each kill', async () => {
  const path = file();
  await sqliteStore({ path }).close();
  for (let round = 1; round <= 5; round++) {
    // Each process continues its streams where the file stands; it reports a version only once its append resolved.
    const now = new Map(
      (await Promise.all(streams.map((s) => killMidRun(path, s, 30 * round, 'worker')))).flatMap((m) => [...m]),
    );
    const store = sqliteStore({ path, writer: 'inline' });
    for (const stream of streams.flat()) {
      const events = await collect(store.readStream(stream));
      expect(events.length, `round ${round}, ${stream}`).toBeGreaterThanOrEqual(now.get(stream)!);
      expect(events.length % 3).toBe(0);
      expect(await verifyEvents(events)).toMatchObject({ ok: true });
      const rows = await store.outbox.list({ streamId: stream });
      expect(rows.map((r) => r.eventId)).toEqual(events.filter((e) => e.version % 3 === 0).map((e) => e.id));
    }
    const all = await collect(store.readAll());
    expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
    await store.close();
    await expectTreeOfRows(path, all.length);
  }
}, 600_000);
