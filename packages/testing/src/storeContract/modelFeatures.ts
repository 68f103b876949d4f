import type { RecordedEvent } from '@redress/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { collect, readEverything, type storeContext } from './storeContext';
import { testEvents, uniqueStreamId } from './testEvents';

type Ctx = ReturnType<typeof storeContext>;

/** One step of a writer: which of three streams, how many events, and how stale its expectedVersion is. */
const stepArb = fc.record({
  stream: fc.integer({ min: 0, max: 2 }),
  count: fc.integer({ min: 1, max: 3 }),
  skew: fc.constantFrom(0, 0, 0, -1, 1),
});

/** The store against a model: a list per stream and one global list. */
export const modelFeatures = (ctx: Ctx) => {
  describe('against a model', () => {
    test('any sequence of appends, some with a wrong expectedVersion: accepted exactly when the version matches, and the log is the model (property)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 25 }), async (steps) => {
          const before = (await readEverything(ctx.store)).length;
          const ids = [uniqueStreamId('m'), uniqueStreamId('m'), uniqueStreamId('m')];
          const streams = ids.map(() => [] as RecordedEvent[]);
          const global: string[] = [];
          for (const step of steps) {
            const id = ids[step.stream] as string;
            const model = streams[step.stream] as RecordedEvent[];
            const expectedVersion = model.length + step.skew;
            if (expectedVersion < 0) continue;
            const after =
              expectedVersion === 0
                ? undefined
                : { ...(model.at(-1) ?? testEvents(id, 1)[0]!), version: expectedVersion };
            const events = testEvents(id, step.count, { after });
            const outcome = await ctx.store.append(id, events, { expectedVersion }).then(
              (r) => r.version,
              (e: { code?: string }) => e.code,
            );
            if (step.skew === 0) {
              expect(outcome).toBe(model.length + step.count);
              model.push(...events);
              global.push(...events.map((e) => e.id));
            } else {
              expect(outcome).toBe('CONFLICT');
            }
          }
          for (const [i, id] of ids.entries()) {
            expect((await collect(ctx.store.readStream(id))).map((e) => e.id)).toEqual(streams[i]!.map((e) => e.id));
          }
          expect((await readEverything(ctx.store)).slice(before).map((e) => e.id)).toEqual(global);
        }),
        { numRuns: 25 },
      );
    });
  });
};
