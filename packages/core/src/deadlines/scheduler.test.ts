import { fc, test as prop } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { isRedressError } from '../errors/redressError';
import { dueIndex } from './dueIndex';
import { scheduleTicks } from './scheduler';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('scheduleTicks', () => {
  test('ticks with the engine clock until stopped, never two at once', async () => {
    const seen: Date[] = [];
    let active = 0;
    let overlap = false;
    const engine = {
      clock: () => new Date('2026-01-01T00:00:00Z'),
      async tick(now?: Date) {
        active++;
        overlap ||= active > 1;
        seen.push(now as Date);
        await wait(15);
        active--;
      },
    };
    const s = scheduleTicks(engine, { everyMs: 5 });
    s.start();
    expect(s.running).toBe(true);
    await wait(80);
    await s.stop();
    const count = seen.length;
    await wait(30);
    expect(count).toBeGreaterThanOrEqual(2);
    expect(seen.length).toBe(count);
    expect(overlap).toBe(false);
    expect(seen[0]?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(s.running).toBe(false);
  });

  test('a failing tick is reported and the loop goes on', async () => {
    const errors: unknown[] = [];
    const engine = { clock: () => new Date(), tick: () => Promise.reject(new Error('store down')) };
    const s = scheduleTicks(engine, { everyMs: 5, onError: (e) => errors.push(e) });
    s.start();
    await wait(40);
    await s.stop();
    expect(errors.length).toBeGreaterThanOrEqual(2);
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
  prop.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 50 }))), fc.integer({ min: 0, max: 1000 })])(
    'pops exactly the ids with an entry due by now, and keeps the rest',
    (entries, now) => {
      const index = dueIndex();
      for (const [at, id] of entries) index.push(at, `C-${id}`);
      const due = index.popDue(now);
      const expected = new Set(entries.filter(([at]) => at <= now).map(([, id]) => `C-${id}`));
      expect(new Set(due)).toEqual(expected);
      expect(due.length).toBe(expected.size);
      expect(index.size).toBe(entries.filter(([at]) => at > now).length);
      expect(index.peek() ?? Infinity).toBeGreaterThan(now);
    },
  );
});
