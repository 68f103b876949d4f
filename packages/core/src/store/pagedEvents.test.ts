import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { convertPage, pagedEvents } from './pagedEvents';

/** Pages of rows converted as the stores convert them: a page at a time, the error after the rows before it (empty pages too, which pagedEvents skips). */
async function* converted(
  pages: readonly (readonly number[])[],
  convert: (n: number) => number,
  asked: number[] = [],
): AsyncGenerator<number[]> {
  for (const [k, rows] of pages.entries()) {
    asked.push(k);
    const { events, failure } = convertPage(rows, convert);
    yield events;
    if (failure !== undefined) throw failure.error;
  }
}

/** What a plain async generator converting row by row hands out: the reference. */
async function* rowByRow(
  pages: readonly (readonly number[])[],
  convert: (n: number) => number,
): AsyncGenerator<number> {
  for (const rows of pages) for (const n of rows) yield convert(n);
}

/** Every step of an iterator, up to `stop` steps or the end: values, then the error or the end. */
const steps = async (it: AsyncIterator<number>, stop: number) => {
  const out: unknown[] = [];
  for (let k = 0; k < stop; k++) {
    try {
      const step = await it.next();
      if (step.done === true) return [...out, 'done'];
      out.push(step.value);
    } catch (error) {
      out.push(`error: ${(error as Error).message}`);
    }
  }
  await it.return?.();
  out.push('stopped');
  const after = await it.next();
  return [...out, after.done === true ? 'done' : after.value];
};

const damagedAt = (bad: ReadonlySet<number>) => (n: number) => {
  if (bad.has(n)) throw new Error(`row ${n} is damaged`);
  return n * 10;
};

describe('pagedEvents over converted pages hands out what a row-by-row async generator would', () => {
  test.prop([
    fc.array(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 6 }), { maxLength: 6 }),
    fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 3 }),
    fc.integer({ min: 0, max: 40 }),
  ])(
    'the same events, the same error in the same place, and nothing after it or after stopping',
    async (pages, bad, stop) => {
      const convert = damagedAt(new Set(bad));
      expect(await steps(pagedEvents(converted(pages, convert)), stop)).toEqual(
        await steps(rowByRow(pages, convert), stop),
      );
    },
  );

  test('every event of every page in order, skipping empty pages', async () => {
    const out: number[] = [];
    for await (const n of pagedEvents(converted([[1, 2], [], [3]], (n) => n))) out.push(n);
    expect(out).toEqual([1, 2, 3]);
  });

  test('a failing conversion mid-page: the rows before it, then the error, then nothing, not even the rows after it', async () => {
    const asked: number[] = [];
    const it = pagedEvents(converted([[1, 2, 3, 4], [5]], damagedAt(new Set([3])), asked));
    expect(await it.next()).toEqual({ done: false, value: 10 });
    expect(await it.next()).toEqual({ done: false, value: 20 });
    await expect(it.next()).rejects.toThrow('row 3 is damaged');
    expect(await it.next()).toEqual({ done: true, value: undefined });
    expect(asked).toEqual([0]);
  });

  test('a page is asked for only when the one before it is used up', async () => {
    const asked: number[] = [];
    const it = pagedEvents(converted([[1, 2], [3]], (n) => n, asked));
    expect(asked).toEqual([]);
    await it.next();
    await it.next();
    expect(asked).toEqual([0]);
    await it.next();
    expect(asked).toEqual([0, 1]);
  });

  test('stopping early ends the source (its finally runs) and asks for nothing more', async () => {
    let ended = false;
    const asked: number[] = [];
    async function* pages() {
      try {
        yield* converted([[1, 2], [3]], (n) => n, asked);
      } finally {
        ended = true;
      }
    }
    for await (const n of pagedEvents(pages())) if (n === 1) break;
    expect(ended).toBe(true);
    expect(asked).toEqual([0]);
  });

  test('a failing page fetch rejects and ends the iteration', async () => {
    let calls = 0;
    // biome-ignore lint/correctness/useYield: the generator fails before its first page, which is the case under test
    async function* pages(): AsyncGenerator<number[]> {
      calls++;
      throw new Error('store closed');
    }
    const it = pagedEvents(pages());
    await expect(it.next()).rejects.toThrow('store closed');
    expect(await it.next()).toEqual({ done: true, value: undefined });
    expect(calls).toBe(1);
  });

  test('steps asked for at once, without waiting, are answered in order', async () => {
    async function* pages() {
      yield [1];
      await new Promise((r) => setTimeout(r, 5));
      yield [2, 3];
    }
    const it = pagedEvents(pages());
    const answers = await Promise.all([it.next(), it.next(), it.next(), it.next()]);
    expect(answers.map((s) => s.value)).toEqual([1, 2, 3, undefined]);
  });
});

describe('convertPage', () => {
  test('converts only the first `to` rows', () => {
    expect(convertPage([1, 2, 3], (n) => n * 2, 2)).toEqual({ events: [2, 4], failure: undefined });
  });
});
