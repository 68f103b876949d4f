import { type Actor, createEngine, type Engine, type EventStore, isRedressError, verifyEvents } from '@redress/core';
import { expect } from 'vitest';
import { collect } from '../storeContract/storeContext';

/** What {@link contend} measured. */
export interface ContentionResult {
  /** Notes appended: writers × notes each, when nothing failed. */
  readonly landed: number;
  /** Commands that failed, by error code (`CONFLICT` is the one that retries should have absorbed). */
  readonly failures: Readonly<Record<string, number>>;
  /** Each command's time from call to result, in milliseconds, sorted. */
  readonly latenciesMs: readonly number[];
}

/** The `q`-quantile (0–1) of sorted numbers; NaN for none. */
export const quantile = (sorted: readonly number[], q: number): number =>
  sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);

const agent: Actor = { id: 'agent-contention', role: 'agent' };

/**
 * Many writers on one complaint at once, as many app instances would be: one
 * engine per writer (its own lock and cache, so they race as processes do), each
 * over the store that `storeFor(i)` gives, adding `notes` notes one after another.
 * The complaint is received first by writer 0. Engine options other than the
 * store are the caller's (the defaults when none are given).
 *
 * @example
 * const result = await contend({ writers: 50, notes: 20, storeFor: () => store });
 * result.failures; // {} when the retries absorbed every conflict
 */
export const contend = async (options: {
  readonly writers: number;
  readonly notes: number;
  readonly storeFor: (writer: number) => EventStore;
  readonly complaintId?: string;
  readonly engineOptions?: Omit<Parameters<typeof createEngine>[0], 'store'>;
}): Promise<ContentionResult> => {
  const complaintId = options.complaintId ?? 'C-contended';
  const engines: Engine[] = Array.from({ length: options.writers }, (_, i) =>
    createEngine({ ...options.engineOptions, store: options.storeFor(i) }),
  );
  await (engines[0] as Engine).execute({
    type: 'receive',
    complaintId,
    actor: agent,
    channel: 'web',
    category: 'service',
    complainant: { name: 'Contended' },
    summary: 'many writers at once',
  });
  const failures: Record<string, number> = {};
  const latencies: number[] = [];
  let landed = 0;
  await Promise.all(
    engines.map(async (engine, w) => {
      for (let n = 0; n < options.notes; n++) {
        const t0 = performance.now();
        try {
          await engine.execute({ type: 'addNote', complaintId, actor: agent, text: `writer ${w} note ${n}` });
          landed++;
        } catch (error) {
          const code = isRedressError(error) ? error.code : 'OTHER';
          failures[code] = (failures[code] ?? 0) + 1;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { landed, failures, latenciesMs: latencies.sort((a, b) => a - b) };
};

/**
 * The contention check both stores run: fifty writers, one engine and one store
 * each (`stores`, fifty of them, on one database or file), twenty notes each, on
 * engine defaults; every note lands, no `CONFLICT` reaches a caller, and the
 * stream is whole and verifies.
 *
 * @example
 * await expectContentionAbsorbed(Array.from({ length: 50 }, () => sqliteStore({ path })));
 */
export const expectContentionAbsorbed = async (stores: readonly EventStore[]): Promise<void> => {
  const result = await contend({
    writers: stores.length,
    notes: 20,
    storeFor: (i) => stores[i] as EventStore,
    engineOptions: { privacy: 'plaintext' },
  });
  expect(result.failures).toEqual({});
  expect(result.landed).toBe(stores.length * 20);
  const stream = await collect((stores[0] as EventStore).readStream('C-contended'));
  expect(stream.filter((e) => e.type === 'NoteAdded')).toHaveLength(stores.length * 20);
  expect(stream.map((e) => e.version)).toEqual(stream.map((_, i) => i + 1));
  expect(await verifyEvents(stream)).toMatchObject({ ok: true });
};
