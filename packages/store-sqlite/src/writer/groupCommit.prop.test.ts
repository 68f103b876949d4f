import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import type { RecordedEvent } from '@redress/core';
import { collect, testEvents } from '@redress/testing';
import { afterAll, expect } from 'vitest';
import { sqliteStore } from '../sqliteStore';
import { tempFiles } from '../test/tempFile';

const file = tempFiles();

/** One append of a run: on which stream, at which expected version, how many events, which outbox id (if any). */
interface Attempt {
  readonly stream: number;
  readonly expected: number;
  readonly count: number;
  readonly outboxId: string | undefined;
  /** Events whose versions do not follow `expected`: refused before they reach the writer. */
  readonly misnumbered: boolean;
  /** Which of the stores on the file makes it. */
  readonly by: number;
}

const attempt = fc.record({
  stream: fc.integer({ min: 0, max: 2 }),
  expected: fc.integer({ min: 0, max: 3 }),
  count: fc.integer({ min: 1, max: 3 }),
  outboxId: fc.option(fc.constantFrom('m-0', 'm-1', 'm-2'), { nil: undefined }),
  misnumbered: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  by: fc.integer({ min: 0, max: 2 }),
});

type Outcome = { readonly ok: true; readonly version: number } | { readonly ok: false; readonly code: string };

/**
 * The sequential model: the appends one after another in the order they were
 * made (the order the writer receives them), each against what the ones
 * before it left.
 */
const model = (attempts: readonly Attempt[]) => {
  const versions = [0, 0, 0];
  const outbox = new Set<string>();
  const outcomes: Outcome[] = attempts.map((a) => {
    if (a.misnumbered) return { ok: false, code: 'VALIDATION' };
    if (versions[a.stream] !== a.expected) return { ok: false, code: 'CONFLICT' };
    if (a.outboxId !== undefined && outbox.has(a.outboxId)) return { ok: false, code: 'CONFLICT' };
    if (a.outboxId !== undefined) outbox.add(a.outboxId);
    versions[a.stream] = a.expected + a.count;
    return { ok: true, version: a.expected + a.count };
  });
  return { outcomes, outbox };
};

const seen = new Set<string>();
afterAll(() => {
  for (const c of ['ok', 'CONFLICT', 'VALIDATION']) expect(seen).toContain(c);
});

test.prop([fc.constantFrom('worker' as const, 'inline' as const), fc.array(attempt, { minLength: 1, maxLength: 24 })], {
  numRuns: 30,
})(
  'concurrent appends, some conflicting, commit as the sequential model says; a failed append leaves nothing',
  async (writer, attempts) => {
    const path = file();
    const stores = [0, 1, 2].map(() => sqliteStore({ path, writer }));
    try {
      const expected = model(attempts);
      // Events chained after the event the model says is there, named by the attempt that made them.
      const chains = [[], [], []] as RecordedEvent[][];
      const made = attempts.map((a, i) => {
        const chain = chains[a.stream] as RecordedEvent[];
        const events = testEvents(`C-${a.stream}`, a.count, {
          after: chain[a.expected - 1] ?? ({ version: a.expected, hash: '0'.repeat(64) } as RecordedEvent),
          note: (n) => `attempt ${i} note ${n}`,
        });
        if (expected.outcomes[i]?.ok) chain.splice(a.expected, a.count, ...events);
        return a.misnumbered ? events.map((e) => ({ ...e, version: e.version + 1 })) : events;
      });
      const outcomes = await Promise.allSettled(
        attempts.map((a, i) => {
          const events = made[i] as RecordedEvent[];
          return (stores[a.by] as ReturnType<typeof sqliteStore>).append(`C-${a.stream}`, events, {
            expectedVersion: a.expected,
            ...(a.outboxId === undefined
              ? {}
              : {
                  outbox: [
                    {
                      id: a.outboxId,
                      streamId: `C-${a.stream}`,
                      eventId: events[0]!.id,
                      channel: 'email',
                      payload: { i },
                    },
                  ],
                }),
          });
        }),
      );
      const got: Outcome[] = outcomes.map((o) =>
        o.status === 'fulfilled'
          ? { ok: true, version: o.value.version }
          : { ok: false, code: (o.reason as { code: string }).code },
      );
      expect(got).toEqual(expected.outcomes);
      for (const o of got) seen.add(o.ok ? 'ok' : o.code);

      // The log is the winners' events, stream by stream, at dense positions; nothing of a loser.
      const all = await collect((stores[0] as ReturnType<typeof sqliteStore>).readAll());
      expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
      for (const [s, chain] of chains.entries()) {
        expect(all.filter((e) => e.streamId === `C-${s}`).map((e) => e.id)).toEqual(chain.map((e) => e.id));
      }
      const rows = await (stores[1] as ReturnType<typeof sqliteStore>).outbox.list();
      expect(new Set(rows.map((r) => r.id))).toEqual(expected.outbox);
      expect(await (stores[2] as ReturnType<typeof sqliteStore>).merkle.size()).toBe(all.length);
    } finally {
      for (const s of stores) await s.close();
    }
  },
);
