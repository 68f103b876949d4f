import fc from 'fast-check';
import { verifyEvents, type OutboxMessage, type RecordedEvent } from '@redress/core';
import { describe, expect, test } from 'vitest';
import { collect, expectRedressError, readEverything, withoutPosition, type storeContext } from './storeContext';
import { testEvents, uniqueStreamId } from './testEvents';

type Ctx = ReturnType<typeof storeContext>;

const message = (id: string, event: RecordedEvent): OutboxMessage => ({
  id,
  streamId: event.streamId,
  eventId: event.id,
  channel: 'email',
  payload: { to: 'a@example.com', subject: `about ${event.streamId}` },
});

/** Appending, reading back, version conflicts, atomicity and racing writers. */
export const appendFeatures = (ctx: Ctx) => {
  describe('append', () => {
    test('events appended come back from readStream unchanged, with increasing positions', async () => {
      const id = uniqueStreamId();
      const events = testEvents(id, 3);
      const result = await ctx.store.append(id, events, { expectedVersion: 0 });
      expect(result.version).toBe(3);
      expect(result.positions).toHaveLength(3);
      const back = await collect(ctx.store.readStream(id));
      expect(withoutPosition(back)).toEqual(events);
      expect(back.map((e) => e.position)).toEqual(result.positions);
      expect([...result.positions].sort((a, b) => a - b)).toEqual(result.positions);
      expect(new Set(result.positions).size).toBe(3);
      expect(await verifyEvents(back)).toMatchObject({ ok: true, events: 3 });
    });

    test('an append of any size, after any other, with or without outbox rows, comes back whole: events, consecutive positions, rows (property)', async () => {
      // Sizes on both sides of any limit a store may switch its way of writing at (the PostgreSQL store's is 16).
      const size = fc.integer({ min: 1, max: 40 });
      await fc.assert(
        fc.asyncProperty(size, fc.option(size, { nil: undefined }), fc.boolean(), async (first, second, withOutbox) => {
          const id = uniqueStreamId();
          const before = testEvents(id, first);
          await ctx.store.append(id, before, { expectedVersion: 0 });
          const events = second === undefined ? [] : testEvents(id, second, { after: before.at(-1) });
          const outbox = withOutbox ? events.filter((_, i) => i % 7 === 0).map((e) => message(`m-${e.id}`, e)) : [];
          if (events.length > 0) {
            const result = await ctx.store.append(id, events, { expectedVersion: first, outbox });
            expect(result.version).toBe(first + events.length);
            expect(result.positions.slice(1).map((p, i) => p - result.positions[i]!)).toEqual(
              events.slice(1).map(() => 1),
            );
          }
          const back = await collect(ctx.store.readStream(id));
          expect(withoutPosition(back)).toEqual([...before, ...events]);
          expect(await verifyEvents(back)).toMatchObject({ ok: true, events: before.length + events.length });
          expect((await ctx.store.outbox.list({ streamId: id })).map((r) => [r.id, r.eventId])).toEqual(
            outbox.map((m) => [m.id, m.eventId]),
          );
        }),
        { numRuns: 25 },
      );
    });

    test('a second append continues the stream', async () => {
      const id = uniqueStreamId();
      const first = testEvents(id, 2);
      await ctx.store.append(id, first, { expectedVersion: 0 });
      const second = testEvents(id, 2, { after: first.at(-1) });
      const result = await ctx.store.append(id, second, { expectedVersion: 2 });
      expect(result.version).toBe(4);
      const back = await collect(ctx.store.readStream(id));
      expect(back.map((e) => e.version)).toEqual([1, 2, 3, 4]);
      expect(await verifyEvents(back)).toMatchObject({ ok: true, events: 4 });
    });

    test('reading a stream that does not exist gives nothing', async () => {
      expect(await collect(ctx.store.readStream(uniqueStreamId('none')))).toEqual([]);
    });
  });

  describe('version conflicts', () => {
    const twoEvents = async () => {
      const id = uniqueStreamId();
      const first = testEvents(id, 2);
      await ctx.store.append(id, first, { expectedVersion: 0 });
      return { id, first };
    };

    test.each([
      ['too low', 1],
      ['too high', 3],
      ['for a stream that should not exist', 0],
    ])('expected version %s gives CONFLICT and writes nothing', async (_what, expectedVersion) => {
      const { id, first } = await twoEvents();
      const stale = testEvents(
        id,
        1,
        expectedVersion === 0 ? {} : { after: { ...first[0]!, version: expectedVersion } },
      );
      const error = await expectRedressError(
        ctx.store.append(id, stale, { expectedVersion, outbox: [message(`m-${id}`, stale[0]!)] }),
        'CONFLICT',
      );
      expect(error.details).toMatchObject({ streamId: id, expectedVersion, actualVersion: 2 });
      expect(withoutPosition(await collect(ctx.store.readStream(id)))).toEqual(first);
      expect(await ctx.store.outbox.list({ streamId: id })).toEqual([]);
    });

    test('appending at version n to a stream that does not exist gives CONFLICT', async () => {
      const id = uniqueStreamId();
      const events = testEvents(id, 1, { after: { ...testEvents(id, 1)[0]!, version: 4 } });
      await expectRedressError(ctx.store.append(id, events, { expectedVersion: 4 }), 'CONFLICT');
      expect(await readEverything(ctx.store)).toEqual([]);
    });

    test('racing appends with the same expectedVersion: exactly one wins', async () => {
      const id = uniqueStreamId();
      const first = testEvents(id, 1);
      await ctx.store.append(id, first, { expectedVersion: 0 });
      const attempts = Array.from({ length: 8 }, (_, i) =>
        testEvents(id, 2, { after: first[0], note: (n) => `writer ${i} note ${n}` }),
      );
      const settled = await Promise.allSettled(
        attempts.map((events) => ctx.store.append(id, events, { expectedVersion: 1 })),
      );
      const won = settled.flatMap((s, i) => (s.status === 'fulfilled' ? [i] : []));
      expect(won).toHaveLength(1);
      for (const s of settled) {
        if (s.status === 'rejected') expect((s.reason as { code?: unknown }).code).toBe('CONFLICT');
      }
      const back = await collect(ctx.store.readStream(id));
      expect(withoutPosition(back)).toEqual([...first, ...attempts[won[0]!]!]);
      expect(await readEverything(ctx.store)).toHaveLength(3);
    });
  });

  describe('atomicity', () => {
    test('events and their outbox rows are written together', async () => {
      const id = uniqueStreamId();
      const events = testEvents(id, 2);
      await ctx.store.append(id, events, {
        expectedVersion: 0,
        outbox: [message(`a-${id}`, events[0]!), message(`b-${id}`, events[1]!)],
      });
      const rows = await ctx.store.outbox.list({ streamId: id });
      expect(rows.map((r) => [r.id, r.eventId, r.status, r.attempts])).toEqual([
        [`a-${id}`, events[0]!.id, 'pending', 0],
        [`b-${id}`, events[1]!.id, 'pending', 0],
      ]);
    });

    test('an outbox id that already exists fails the append: no events, no rows', async () => {
      const a = uniqueStreamId();
      const b = uniqueStreamId();
      const ea = testEvents(a, 1);
      await ctx.store.append(a, ea, { expectedVersion: 0, outbox: [message(`dup-${a}`, ea[0]!)] });
      const eb = testEvents(b, 2);
      await expectRedressError(
        ctx.store.append(b, eb, {
          expectedVersion: 0,
          outbox: [message(`fresh-${b}`, eb[0]!), message(`dup-${a}`, eb[1]!)],
        }),
        'CONFLICT',
      );
      expect(await collect(ctx.store.readStream(b))).toEqual([]);
      expect(await ctx.store.outbox.list({ streamId: b })).toEqual([]);
      expect(await ctx.store.outbox.list()).toHaveLength(1);
    });

    test('the same outbox id twice in one append fails it: no events, no rows', async () => {
      const id = uniqueStreamId();
      const events = testEvents(id, 2);
      await expectRedressError(
        ctx.store.append(id, events, {
          expectedVersion: 0,
          outbox: [message(`twin-${id}`, events[0]!), message(`twin-${id}`, events[1]!)],
        }),
        'CONFLICT',
      );
      expect(await readEverything(ctx.store)).toEqual([]);
      expect(await ctx.store.outbox.list()).toEqual([]);
    });

    test.each([
      ['an event of another stream', (id: string) => testEvents(`${id}-other`, 1), 0],
      ['a version that does not follow expectedVersion', (id: string) => testEvents(id, 2).slice(1), 0],
      ['no events', () => [], 0],
      ['a negative expectedVersion', (id: string) => testEvents(id, 1), -1],
      ['a fractional expectedVersion', (id: string) => testEvents(id, 1), 0.5],
    ])('an append with %s gives VALIDATION and writes nothing', async (_what, make, expectedVersion) => {
      const id = uniqueStreamId();
      const events = make(id);
      const outbox = events[0] === undefined ? [] : [message(`v-${id}`, events[0])];
      await expectRedressError(ctx.store.append(id, events, { expectedVersion, outbox }), 'VALIDATION');
      expect(await readEverything(ctx.store)).toEqual([]);
      expect(await ctx.store.outbox.list()).toEqual([]);
    });
  });
};
