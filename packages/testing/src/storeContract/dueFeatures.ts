import { hashEvent, type DueMoments, type RecordedEvent } from '@redress/core';
import { describe, expect, test } from 'vitest';
import { expectRedressError, readEverything, type storeContext } from './storeContext';
import { testEvents, uniqueStreamId } from './testEvents';

type Ctx = ReturnType<typeof storeContext>;

const T = Date.UTC(2026, 2, 2, 9);
const H = 3_600_000;
const at = (hours: number) => new Date(T + hours * H);

/** A `DeadlineSet` after `after`, warning at `warnAt`, as the engine writes one. */
const deadlineSet = (after: RecordedEvent, warnAt: number): RecordedEvent => {
  const unhashed = {
    id: `${after.id}-ds`,
    streamId: after.streamId,
    version: after.version + 1,
    type: 'DeadlineSet',
    schemaVersion: 1,
    data: {
      deadline: 'decide',
      cause: 'start',
      startedAt: after.occurredAt,
      dueAt: new Date(warnAt + 10 * H).toISOString(),
      warnAt: new Date(warnAt).toISOString(),
      basis: 'calendar',
      pausedFor: 0,
      escalate: false,
    },
    actor: { id: 'agent-1', role: 'agent' },
    occurredAt: after.occurredAt,
    correlationId: after.correlationId,
    causationId: null,
    commandId: null,
    prevHash: after.hash,
  } as Omit<RecordedEvent, 'hash'>;
  return { ...unhashed, hash: hashEvent(unhashed) } as RecordedEvent;
};

/**
 * Each stream's next due moment (`dueMoments`): set by appends in the same write,
 * listed a page at a time earliest first, moved by `reschedule` unless a later
 * version wrote it (skipped for a store without `dueMoments`).
 */
export const dueFeatures = (ctx: Ctx) => {
  describe('due moments', () => {
    const moments = (): DueMoments => {
      const m = ctx.store.dueMoments;
      if (m === undefined) throw new Error('The store has no dueMoments');
      return m;
    };
    const skip = (run: () => Promise<void>) => async () => {
      if (ctx.store.dueMoments === undefined) return;
      await run();
    };
    const ids = async (now: Date) => (await moments().due(now, { limit: 100 })).map((m) => m.streamId);
    /** A stream of `n` events appended with `nextDueAt`. */
    const stream = async (nextDueAt: number | null, n = 1) => {
      const id = uniqueStreamId();
      const events = testEvents(id, n);
      await ctx.store.append(id, events, { expectedVersion: 0, nextDueAt });
      return { id, events };
    };

    test(
      'an append with nextDueAt is due from that moment on, not before; earliest first; null is never due',
      skip(async () => {
        const late = await stream(T + 5 * H);
        const early = await stream(T + 2 * H);
        await stream(null);
        expect(await ids(at(1))).toEqual([]);
        expect(await ids(at(2))).toEqual([early.id]);
        expect(await moments().due(at(6), { limit: 100 })).toEqual([
          { streamId: early.id, dueAt: T + 2 * H },
          { streamId: late.id, dueAt: T + 5 * H },
        ]);
      }),
    );

    test(
      'pages of limit, each after the last entry of the one before, list every due stream once, ties included',
      skip(async () => {
        const hours = [3, 1, 3, 2, 3, 1, 9];
        const made = [];
        for (const h of hours) made.push({ ...(await stream(T + h * H)), h });
        const seen: { streamId: string; dueAt: number }[] = [];
        let after: { streamId: string; dueAt: number } | undefined;
        for (let pages = 0; pages < 10; pages++) {
          const page = await moments().due(at(3), { limit: 2, after });
          expect(page.length).toBeLessThanOrEqual(2);
          seen.push(...page);
          after = page.at(-1);
          if (page.length < 2) break;
        }
        const due = made.filter((m) => m.h <= 3);
        expect(seen.map((m) => m.streamId).sort()).toEqual(due.map((m) => m.id).sort());
        expect(seen.map((m) => m.dueAt)).toEqual(due.map((m) => T + m.h * H).sort((a, b) => a - b));
      }),
    );

    test(
      'an append without nextDueAt keeps the moment, and a DeadlineSet in it brings the moment forward to its warning',
      skip(async () => {
        const { id, events } = await stream(T + 8 * H, 2);
        const more = testEvents(id, 1, { after: events.at(-1) });
        await ctx.store.append(id, more, { expectedVersion: 2 });
        expect(await ids(at(8))).toEqual([id]);
        const set = deadlineSet(more[0] as RecordedEvent, T + 4 * H);
        await ctx.store.append(id, [set], { expectedVersion: 3 });
        expect(await ids(at(3))).toEqual([]);
        expect(await moments().due(at(4), { limit: 10 })).toEqual([{ streamId: id, dueAt: T + 4 * H }]);
        // A later clock set does not push an earlier moment back.
        const later = deadlineSet(set, T + 20 * H);
        await ctx.store.append(id, [later], { expectedVersion: 4 });
        expect(await ids(at(4))).toEqual([id]);
      }),
    );

    test(
      'nextDueAt wins over the DeadlineSet of the same append: the writer knows the moment after all its events',
      skip(async () => {
        const id = uniqueStreamId();
        const [first] = testEvents(id, 1);
        const set = deadlineSet(first as RecordedEvent, T + 1 * H);
        await ctx.store.append(id, [first as RecordedEvent, set], { expectedVersion: 0, nextDueAt: T + 7 * H });
        expect(await ids(at(6))).toEqual([]);
        expect(await ids(at(7))).toEqual([id]);
      }),
    );

    test(
      'reschedule moves a moment at the same or a later version, and leaves one a later version wrote',
      skip(async () => {
        const { id, events } = await stream(T + 1 * H, 3);
        await moments().reschedule([{ streamId: id, version: 2, dueAt: T + 9 * H }]);
        expect(await ids(at(1))).toEqual([id]);
        await moments().reschedule([{ streamId: id, version: 3, dueAt: T + 9 * H }]);
        expect(await ids(at(8))).toEqual([]);
        expect(await ids(at(9))).toEqual([id]);
        await moments().reschedule([{ streamId: id, version: 3, dueAt: null }]);
        expect(await ids(at(100))).toEqual([]);
        // A version the stream does not have yet is a reschedule from nowhere: nothing changes.
        await moments().reschedule([{ streamId: id, version: 4, dueAt: T }]);
        expect(await ids(at(100))).toEqual([]);
        await ctx.store.append(id, testEvents(id, 1, { after: events.at(-1) }), {
          expectedVersion: 3,
          nextDueAt: T + 2 * H,
        });
        await moments().reschedule([{ streamId: id, version: 3, dueAt: null }]);
        expect(await ids(at(2))).toEqual([id]);
      }),
    );

    test(
      'reschedule takes many streams at once, and a stream named twice gets its latest version',
      skip(async () => {
        const a = await stream(null, 2);
        const b = await stream(null, 2);
        await moments().reschedule([
          { streamId: a.id, version: 2, dueAt: T + 3 * H },
          { streamId: b.id, version: 1, dueAt: T + 1 * H },
          { streamId: b.id, version: 2, dueAt: T + 2 * H },
        ]);
        expect(await moments().due(at(5), { limit: 10 })).toEqual([
          { streamId: b.id, dueAt: T + 2 * H },
          { streamId: a.id, dueAt: T + 3 * H },
        ]);
      }),
    );

    test(
      'a refused append (version conflict) leaves the moment as it was',
      skip(async () => {
        const { id } = await stream(T + 5 * H, 1);
        await expectRedressError(
          ctx.store.append(id, testEvents(id, 1), { expectedVersion: 0, nextDueAt: T }),
          'CONFLICT',
        );
        expect(await ids(at(4))).toEqual([]);
        expect(await ids(at(5))).toEqual([id]);
      }),
    );

    test.each([
      ['now', () => moments().due(new Date(Number.NaN), { limit: 1 })],
      ['limit 0', () => moments().due(at(0), { limit: 0 })],
      ['limit 10,001', () => moments().due(at(0), { limit: 10_001 })],
      ['limit 1.5', () => moments().due(at(0), { limit: 1.5 })],
      ['after', () => moments().due(at(0), { limit: 1, after: { streamId: 'x', dueAt: Number.NaN } })],
      ['a version', () => moments().reschedule([{ streamId: 'C-1', version: -1, dueAt: null }])],
      ['a moment', () => moments().reschedule([{ streamId: 'C-1', version: 1, dueAt: 1.5 }])],
      ['an empty id', () => moments().reschedule([{ streamId: '', version: 1, dueAt: null }])],
    ])('bad arguments (%s) are refused with VALIDATION', async (_, call) => {
      if (ctx.store.dueMoments === undefined) return;
      await expectRedressError(call(), 'VALIDATION');
    });

    test(
      'an append with a nextDueAt that is no moment is refused with VALIDATION and appends nothing',
      skip(async () => {
        const id = uniqueStreamId();
        for (const bad of [Number.NaN, 1.5, Number.POSITIVE_INFINITY, '2026-03-02T09:00:00Z'])
          await expectRedressError(
            ctx.store.append(id, testEvents(id, 1), { expectedVersion: 0, nextDueAt: bad as number }),
            'VALIDATION',
          );
        expect(await readEverything(ctx.store)).toEqual([]);
        expect(await ids(at(0))).toEqual([]);
      }),
    );
  });
};
