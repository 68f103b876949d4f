import { describe, expect, test } from 'vitest';
import { prefetch } from './prefetch';
import type { RowStream } from './rowStream';

/** Page queries asked for, as (after, size, offset), and which of them were dropped. */
const asking = () => {
  const asked: { after: number; size: number; offset: number; dropped: boolean }[] = [];
  const ask = (after: number, size: number, offset: number): RowStream => {
    const query = { after, size, offset, dropped: false };
    asked.push(query);
    return {
      drop: () => {
        query.dropped = true;
      },
      async *[Symbol.asyncIterator]() {},
    };
  };
  return { asked, ask };
};

describe('prefetch', () => {
  test('the page ahead is "the rows after this page\'s size, counted from its first", and is the next page', () => {
    const { asked, ask } = asking();
    const pages = prefetch(ask, 100);
    const first = pages.from(40, Number.POSITIVE_INFINITY);
    expect(first.size).toBe(100);
    pages.ahead(first, 42, Number.POSITIVE_INFINITY);
    const second = pages.next(141, Number.POSITIVE_INFINITY);
    expect(asked).toEqual([
      { after: 40, size: 100, offset: 0, dropped: false },
      { after: 41, size: 100, offset: 100, dropped: false },
    ]);
    expect(second.size).toBe(100);
    // With none asked ahead, the next page is asked from the last event.
    expect(pages.next(241, 150).size).toBe(100);
    expect(asked[2]).toEqual({ after: 241, size: 100, offset: 0, dropped: false });
  });

  test('the page ahead asks no more rows than the read has left, and none when it has none left', () => {
    const { asked, ask } = asking();
    const pages = prefetch(ask, 100);
    const first = pages.from(0, 130);
    pages.ahead(first, 1, 130 - first.size);
    expect(asked[1]).toMatchObject({ after: 0, size: 30, offset: 100 });
    const last = pages.next(100, 30);
    expect(last.size).toBe(30);
    pages.ahead(last, 101, 0);
    expect(asked).toHaveLength(2);
  });

  test('a page asked ahead and not used goes unread: when the read asks again from its last event, and when it stops', () => {
    const { asked, ask } = asking();
    const pages = prefetch(ask, 10);
    pages.ahead(pages.from(0, 50), 1, 40);
    const again = pages.from(7, 43);
    expect(asked.map((q) => q.dropped)).toEqual([false, true, false]);
    pages.ahead(again, 8, 33);
    pages.drop();
    expect(asked.at(-1)).toEqual({ after: 7, size: 10, offset: 10, dropped: true });
  });
});
