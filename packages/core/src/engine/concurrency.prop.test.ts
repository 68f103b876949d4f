import { afterAll, expect } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { exampleActors as a, exampleLifecycle } from '@redress/testing';
import {
  createEngine,
  isRedressError,
  memoryStore,
  replay,
  type Command,
  type EventStore,
  type ExecuteResult,
} from '../index';

type Racer = { readonly engine: 0 | 1; readonly command: Command };

const racer = (complaintId: string): fc.Arbitrary<Racer> =>
  fc.record({
    engine: fc.constantFrom(0 as const, 1 as const),
    command: fc.oneof(
      { weight: 6, arbitrary: fc.constant<Command>({ type: 'addNote', complaintId, actor: a.agent, text: 'note' }) },
      {
        weight: 3,
        arbitrary: fc.constant<Command>({ type: 'escalate', complaintId, actor: a.handler, reason: 'urgent' }),
      },
      // A withdrawal closes the complaint: whatever comes after it must be refused, not lost or half-written.
      { weight: 1, arbitrary: fc.constant<Command>({ type: 'withdraw', complaintId, actor: a.agent, reason: 'done' }) },
    ),
  });

test.prop([fc.array(racer('C-1'), { minLength: 2, maxLength: 24 }), fc.boolean(), fc.boolean()], { numRuns: 60 })(
  'concurrent execute calls on one complaint lose no event and never leave a version gap',
  async (racers, twoEngines, cacheOn) => {
    const store = memoryStore();
    const counted: EventStore = {
      ...store,
      readStream: (id, o) => store.readStream(id, o),
      append: (id, events, o) =>
        store.append(id, events, o).catch((e: unknown) => {
          if (isRedressError(e, 'CONFLICT')) conflicts++;
          throw e;
        }),
    };
    const options = { store: counted, ...(cacheOn ? {} : { cacheSize: 0 }) };
    const engines = [createEngine(options), createEngine(options)] as const;
    const single = engines[0];
    await single.execute(exampleLifecycle('C-1')[0] as Command);
    const settled = await Promise.allSettled(
      racers.map((r) => (twoEngines ? engines[r.engine] : single).execute(r.command)),
    );

    const done = settled
      .filter((s): s is PromiseFulfilledResult<ExecuteResult> => s.status === 'fulfilled')
      .map((s) => s.value);
    for (const s of settled) {
      if (s.status === 'rejected') expect(isRedressError(s.reason, 'NOT_ALLOWED'), String(s.reason)).toBe(true);
    }
    const events = [];
    for await (const e of store.readStream('C-1')) events.push(e);
    // Versions run 1..n without a gap, and every event a caller was told about is stored exactly once.
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
    expect(events.length).toBe(2 + done.length);
    const stored = new Set(events.map((e) => e.id));
    for (const r of done) for (const e of r.events) expect(stored.has(e.id)).toBe(true);
    expect(new Set(done.map((r) => r.version)).size).toBe(done.length);
    // Only a withdrawal can make the others fail.
    if (!done.some((r) => r.events.some((e) => e.type === 'ComplaintWithdrawn')))
      expect(done.length).toBe(racers.length);
    expect((await replay(events))?.version).toBe(events.length);
  },
);

let conflicts = 0;
afterAll(() => {
  // The race is real: two engines did meet at the store's version check, and retried.
  expect(conflicts).toBeGreaterThan(0);
});
