import { describe, expect, test } from 'vitest';
import { collect, readEverything, type storeContext } from './storeContext';
import { testEvents, uniqueStreamId } from './testEvents';

type Ctx = ReturnType<typeof storeContext>;

/** Global order, `readAll` paging and reading a stream at a version range. */
export const readFeatures = (ctx: Ctx) => {
  /** Append to streams a, b, c in an interleaved order; returns the ids in append order. */
  const interleave = async () => {
    const streams = [uniqueStreamId('a'), uniqueStreamId('b'), uniqueStreamId('c')];
    const last = new Map<string, ReturnType<typeof testEvents>[number]>();
    const order: string[] = [];
    for (const round of [0, 1, 2, 3]) {
      for (const [i, id] of streams.entries()) {
        if ((round + i) % 4 === 3) continue;
        const after = last.get(id);
        const events = testEvents(id, 1 + ((round + i) % 2), after === undefined ? {} : { after });
        await ctx.store.append(id, events, { expectedVersion: after?.version ?? 0 });
        last.set(id, events.at(-1)!);
        order.push(...events.map((e) => e.id));
      }
    }
    return order;
  };

  describe('global order', () => {
    test('readAll gives events of every stream in the order they were appended, positions increasing', async () => {
      const order = await interleave();
      const all = await readEverything(ctx.store);
      expect(all.map((e) => e.id)).toEqual(order);
      for (let i = 1; i < all.length; i++) expect(all[i]!.position).toBeGreaterThan(all[i - 1]!.position);
    });

    test('readAll positions are the positions append returned', async () => {
      const id = uniqueStreamId();
      const events = testEvents(id, 4);
      const { positions } = await ctx.store.append(id, events, { expectedVersion: 0 });
      expect((await readEverything(ctx.store)).map((e) => e.position)).toEqual(positions);
    });
  });

  describe('readAll paging', () => {
    test('after excludes the given position and everything before it', async () => {
      await interleave();
      const all = await readEverything(ctx.store);
      const cut = all[4]!.position;
      expect((await collect(ctx.store.readAll({ after: cut }))).map((e) => e.id)).toEqual(
        all.slice(5).map((e) => e.id),
      );
      expect(await collect(ctx.store.readAll({ after: all.at(-1)!.position }))).toEqual([]);
    });

    test('limit caps a page', async () => {
      await interleave();
      const all = await readEverything(ctx.store);
      const page = await collect(ctx.store.readAll({ after: all[1]!.position, limit: 3 }));
      expect(page.map((e) => e.id)).toEqual(all.slice(2, 5).map((e) => e.id));
    });

    test.each([1, 2, 5, 100])(
      'paging with limit %i from the last position seen visits every event exactly once',
      async (limit) => {
        await interleave();
        const all = await readEverything(ctx.store);
        const seen: string[] = [];
        let after = 0;
        for (let pages = 0; pages < 1000; pages++) {
          const page = await collect(ctx.store.readAll({ after, limit }));
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(limit);
          seen.push(...page.map((e) => e.id));
          after = page.at(-1)!.position;
        }
        expect(seen).toEqual(all.map((e) => e.id));
      },
    );
  });

  describe('reading a stream at a version', () => {
    const sixEvents = async () => {
      const id = uniqueStreamId();
      await ctx.store.append(id, testEvents(id, 6), { expectedVersion: 0 });
      return id;
    };
    const versions = async (id: string, options: { fromVersion?: number; toVersion?: number }) =>
      (await collect(ctx.store.readStream(id, options))).map((e) => e.version);

    test('fromVersion and toVersion are inclusive', async () => {
      const id = await sixEvents();
      expect(await versions(id, { fromVersion: 2, toVersion: 4 })).toEqual([2, 3, 4]);
      expect(await versions(id, { fromVersion: 5 })).toEqual([5, 6]);
      expect(await versions(id, { toVersion: 2 })).toEqual([1, 2]);
      expect(await versions(id, { fromVersion: 3, toVersion: 3 })).toEqual([3]);
    });

    test('a range beyond the stream gives what exists of it', async () => {
      const id = await sixEvents();
      expect(await versions(id, { fromVersion: 7 })).toEqual([]);
      expect(await versions(id, { fromVersion: 5, toVersion: 60 })).toEqual([5, 6]);
      expect(await versions(id, { fromVersion: 4, toVersion: 2 })).toEqual([]);
    });
  });
};
