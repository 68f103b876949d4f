import { fc, test } from '@fast-check/vitest';
import Database from 'better-sqlite3';
import { isRedressError, type StoredEvent } from '@redress/core';
import { collect, testEvents } from '@redress/testing';
import { describe, expect } from 'vitest';
import { sqliteStore } from '../sqliteStore';
import { asBeforeGuards } from '../test/dropGuards';
import { tempFiles } from '../test/tempFile';

const file = tempFiles();

/** `counts[i]` events of complaint `prefix-i` each, appended one at a time, the complaints taking turns. */
const appendInterleaved = async (store: ReturnType<typeof sqliteStore>, prefix: string, counts: readonly number[]) => {
  const chains = counts.map((count, i) => testEvents(`${prefix}-${i}`, count));
  for (let v = 0; v < Math.max(0, ...counts); v++) {
    for (const [i, chain] of chains.entries()) {
      const event = chain[v];
      if (event !== undefined) await store.append(`${prefix}-${i}`, [event], { expectedVersion: v });
    }
  }
};

/**
 * A file whose first `before` streams were written before the guard triggers and
 * the rest after: reopening put the guards in and noted the last position
 * written without them.
 */
const halfGuardedFile = async (before: readonly number[], after: readonly number[], pageSize: number) => {
  const path = file();
  const first = sqliteStore({ path });
  await appendInterleaved(first, 'C-old', before);
  await first.close();
  asBeforeGuards(path);
  const store = sqliteStore({ path, pageSize });
  await appendInterleaved(store, 'C-new', after);
  return { path, store, unguarded: before.reduce((a, b) => a + b, 0) };
};

const counts = fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 4 });

describe('readAll across rows written before and after the guard triggers', () => {
  test.prop(
    [
      counts,
      counts,
      fc.integer({ min: 1, max: 7 }),
      fc.nat({ max: 40 }),
      fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
    ],
    { numRuns: 40 },
  )(
    'gives every event once, in position order, matching readStream, whatever the page size, start and limit',
    async (before, after, pageSize, from, limit) => {
      const { path, store, unguarded } = await halfGuardedFile(before, after, pageSize);
      const meta = new Database(path, { readonly: true });
      expect(meta.prepare("SELECT value FROM meta WHERE key = 'unguarded_through'").pluck().get()).toBe(
        String(unguarded),
      );
      meta.close();
      const all = await collect(store.readAll());
      expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
      const byStream = new Map<string, StoredEvent[]>();
      for (const e of all) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
      for (const [streamId, events] of byStream) expect(await collect(store.readStream(streamId))).toEqual(events);
      const part = await collect(store.readAll(limit === undefined ? { after: from } : { after: from, limit }));
      expect(part).toEqual(all.filter((e) => e.position > from).slice(0, limit ?? all.length));
      await store.close();
    },
  );

  test.prop(
    [
      fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
      counts,
      fc.integer({ min: 1, max: 7 }),
      fc.nat(),
    ],
    { numRuns: 40 },
  )(
    'stops at a row that fails its check, guarded or not, after every event before it, naming its stream and version',
    async (before, after, pageSize, pick) => {
      const { path, store } = await halfGuardedFile(before, after, pageSize);
      const all = await collect(store.readAll());
      const victim = all[pick % all.length]!;
      // An edit the guards let through: the body still names its row.
      const db = new Database(path);
      db.prepare("UPDATE events SET body = json_set(body, '$.occurredAt', 'yesterday') WHERE position = ?").run(
        victim.position,
      );
      db.close();
      const seen: StoredEvent[] = [];
      let failure: unknown;
      try {
        for await (const e of store.readAll()) seen.push(e);
      } catch (error) {
        failure = error;
      }
      expect(seen).toEqual(all.slice(0, victim.position - 1));
      expect(isRedressError(failure, 'TAMPERED'), String(failure)).toBe(true);
      expect((failure as Error).message).toContain(
        `${victim.streamId} v${victim.version} (position ${victim.position})`,
      );
      await store.close();
    },
  );
});
