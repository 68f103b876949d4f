import { fc, test as prop } from '@fast-check/vitest';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { isRedressError } from '../errors/redressError';
import { dueIndex } from './dueIndex';
import { scheduleTicks } from './scheduler';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('scheduleTicks', () => {
  // Fake timers: the loop is checked turn by turn, not by how busy the machine is.
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('ticks with the engine clock until stopped, skipping turns while a tick runs, never two at once', async () => {
    const started: number[] = [];
    const seen: Date[] = [];
    let active = 0;
    let overlap = false;
    const engine = {
      clock: () => new Date('2026-01-01T00:00:00Z'),
      async tick(now?: Date) {
        active++;
        overlap ||= active > 1;
        started.push(Date.now());
        seen.push(now as Date);
        await wait(15);
        active--;
      },
    };
    const t0 = Date.now();
    const s = scheduleTicks(engine, { everyMs: 5 });
    s.start();
    expect(s.running).toBe(true);
    // The first tick starts at once, not after the first interval.
    expect(started).toEqual([t0]);
    await vi.advanceTimersByTimeAsync(80);
    // A 15 ms tick every 5 ms: turns due while one runs are skipped, so ticks start
    // on the first turn after the one before has finished: 0, 20, 40, 60, 80.
    expect(started.map((t) => t - t0)).toEqual([0, 20, 40, 60, 80]);
    const stopping = s.stop();
    expect(s.running).toBe(false);
    // stop() waits for the tick in flight.
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(14);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toHaveLength(5);
    expect(overlap).toBe(false);
    expect(seen.every((d) => d.toISOString() === '2026-01-01T00:00:00.000Z')).toBe(true);
  });

  test('a failing tick is reported and the loop goes on', async () => {
    const errors: unknown[] = [];
    const engine = { clock: () => new Date(), tick: () => Promise.reject(new Error('store down')) };
    const s = scheduleTicks(engine, { everyMs: 5, onError: (e) => errors.push(e) });
    s.start();
    await vi.advanceTimersByTimeAsync(40);
    await s.stop();
    // At 0 and on each of the eight turns up to 40 ms.
    expect(errors).toHaveLength(9);
    expect(errors.every((e) => e instanceof Error && e.message === 'store down')).toBe(true);
  });

  test('an interval that is not a positive number is refused', () => {
    let error: unknown;
    try {
      scheduleTicks({ clock: () => new Date(), tick: async () => undefined }, { everyMs: 0 });
    } catch (e) {
      error = e;
    }
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
  });
});

describe('dueIndex', () => {
  prop.prop([
    fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 50 }))),
    fc.integer({ min: 0, max: 1000 }),
  ])('pops exactly the ids with an entry due by now, and keeps the rest', (entries, now) => {
    const index = dueIndex();
    for (const [at, id] of entries) index.push(at, `C-${id}`);
    const due = index.popDue(now);
    const expected = new Set(entries.filter(([at]) => at <= now).map(([, id]) => `C-${id}`));
    expect(new Set(due)).toEqual(expected);
    expect(due.length).toBe(expected.size);
    expect(index.size).toBe(entries.filter(([at]) => at > now).length);
    expect(index.peek() ?? Infinity).toBeGreaterThan(now);
  });
});
