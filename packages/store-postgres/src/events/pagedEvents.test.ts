import { describe, expect, test } from 'vitest';
import { pagedEvents } from './pagedEvents';

describe('pagedEvents hands out a source of pages as an async generator of the events would', () => {
  test('every event of every page in order, skipping empty pages', async () => {
    async function* pages() {
      yield [1, 2];
      yield [];
      yield [3];
    }
    const out: number[] = [];
    for await (const n of pagedEvents(pages())) out.push(n);
    expect(out).toEqual([1, 2, 3]);
  });

  test("the source's error comes after the events before it, then the iteration is over", async () => {
    async function* pages() {
      yield [1, 2];
      throw new Error('row 3 is damaged');
    }
    const it = pagedEvents(pages());
    expect(await it.next()).toEqual({ done: false, value: 1 });
    expect(await it.next()).toEqual({ done: false, value: 2 });
    await expect(it.next()).rejects.toThrow('row 3 is damaged');
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  test('a page is asked for only when the one before it is used up', async () => {
    const asked: number[] = [];
    async function* pages() {
      asked.push(1);
      yield [1, 2];
      asked.push(2);
      yield [3];
    }
    const it = pagedEvents(pages());
    expect(asked).toEqual([]);
    await it.next();
    await it.next();
    expect(asked).toEqual([1]);
    await it.next();
    expect(asked).toEqual([1, 2]);
  });

  test('stopping early ends the source (its finally runs)', async () => {
    let ended = false;
    async function* pages() {
      try {
        yield [1, 2];
        yield [3];
      } finally {
        ended = true;
      }
    }
    for await (const n of pagedEvents(pages())) if (n === 1) break;
    expect(ended).toBe(true);
  });

  test('steps asked for at once, without waiting, are answered in order', async () => {
    async function* pages() {
      yield [1];
      await new Promise((r) => setTimeout(r, 5));
      yield [2, 3];
    }
    const it = pagedEvents(pages());
    const steps = await Promise.all([it.next(), it.next(), it.next(), it.next()]);
    expect(steps.map((s) => s.value)).toEqual([1, 2, 3, undefined]);
  });
});
