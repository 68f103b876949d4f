import { describe, expect, test } from 'vitest';
import { pagedEvents } from './pagedEvents';

/** Pages of numbers, recording each fetch. */
const source = (pages: number[][]) => {
  const fetched: number[] = [];
  let next = 0;
  return {
    fetched,
    nextPage: () => {
      if (next === pages.length) return undefined;
      fetched.push(next);
      return pages[next++];
    },
  };
};

describe('pagedEvents behaves as an async generator over the pages would', () => {
  test('hands out every row of every page in order, skipping empty pages, converting each', async () => {
    const { nextPage } = source([[1, 2], [], [3]]);
    const out: string[] = [];
    for await (const x of pagedEvents(nextPage, (n) => `#${n}`)) out.push(x);
    expect(out).toEqual(['#1', '#2', '#3']);
  });

  test('fetches a page only when the one before it is used up', async () => {
    const { fetched, nextPage } = source([[1, 2], [3]]);
    const it = pagedEvents(nextPage, (n) => n);
    expect(fetched).toEqual([]);
    expect(await it.next()).toEqual({ done: false, value: 1 });
    expect(await it.next()).toEqual({ done: false, value: 2 });
    expect(fetched).toEqual([0]);
    expect(await it.next()).toEqual({ done: false, value: 3 });
    expect(fetched).toEqual([0, 1]);
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  test('a failing conversion rejects that step and ends the iteration', async () => {
    const { fetched, nextPage } = source([[1, 2], [3]]);
    const it = pagedEvents(nextPage, (n) => {
      if (n === 2) throw new Error('row 2 is damaged');
      return n;
    });
    expect(await it.next()).toEqual({ done: false, value: 1 });
    await expect(it.next()).rejects.toThrow('row 2 is damaged');
    expect(await it.next()).toEqual({ done: true, value: undefined });
    expect(fetched).toEqual([0]);
  });

  test('a failing conversion mid-page: the rows before it, then the error, then nothing, not even the rows after it', async () => {
    const { nextPage } = source([[1, 2, 3, 4], [5]]);
    const it = pagedEvents(nextPage, (n) => {
      if (n === 3) throw new Error('row 3 is damaged');
      return n;
    });
    expect(await it.next()).toEqual({ done: false, value: 1 });
    expect(await it.next()).toEqual({ done: false, value: 2 });
    await expect(it.next()).rejects.toThrow('row 3 is damaged');
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  test('stopping before a damaged row is reached never reports it', async () => {
    const { nextPage } = source([[1, 2]]);
    const it = pagedEvents(nextPage, (n) => {
      if (n === 2) throw new Error('row 2 is damaged');
      return n;
    });
    expect(await it.next()).toEqual({ done: false, value: 1 });
    expect(await it.return?.()).toEqual({ done: true, value: undefined });
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  test('a failing page fetch rejects and ends the iteration', async () => {
    let calls = 0;
    const it = pagedEvents(() => {
      calls++;
      throw new Error('store closed');
    }, (n: number) => n);
    await expect(it.next()).rejects.toThrow('store closed');
    expect(await it.next()).toEqual({ done: true, value: undefined });
    expect(calls).toBe(1);
  });

  test('stopping early (break) fetches nothing more', async () => {
    const { fetched, nextPage } = source([[1, 2], [3]]);
    for await (const x of pagedEvents(nextPage, (n) => n)) if (x === 1) break;
    expect(fetched).toEqual([0]);
  });
});
