import type { RowStream } from './rowStream';

/** A readAll page query under way: its rows as they come, and how many it asked for. */
export interface Page extends RowStream {
  readonly size: number;
}

/** Starts the query of up to `size` rows after position `after`, skipping the first `offset`. */
export type AskPage = (after: number, size: number, offset: number) => RowStream;

/**
 * readAll's pages, each asked for while the one before it is still coming in,
 * so that the next page's query runs while this one's events are handed out.
 *
 * The page ahead is asked for once the current page's first row is in, as "the
 * rows after its size, counted from its first": whenever the current page comes
 * back full and all safe — the only case in which the page ahead is used — those
 * are exactly the rows after its last (no writer still in flight can add a row
 * below a safe one). In any other case the page ahead is dropped unread and the
 * next page is asked for from the last event handed out.
 *
 * @example
 * const pages = prefetch(ask, 1000);
 * let page = pages.from(0, Infinity);
 * // first row of `page` in at position p: pages.ahead(page, p, rest)
 * page = pages.next(lastPosition, left); // the page asked ahead, or a new one
 */
export const prefetch = (ask: AskPage, pageSize: number) => {
  let ahead: Page | undefined;
  const page = (after: number, size: number, offset: number): Page => Object.assign(ask(after, size, offset), { size });
  const drop = () => {
    ahead?.drop();
    ahead = undefined;
  };

  /** The page of at most `left` rows after position `after`, asked for now; a page asked ahead goes unread. */
  const from = (after: number, left: number): Page => {
    drop();
    return page(after, Math.min(pageSize, left), 0);
  };

  return {
    from,
    /** `current`'s first row is in, at position `first`: ask for the page after it, of at most `rest` rows. */
    ahead(current: Page, first: number, rest: number): void {
      drop();
      if (rest > 0) ahead = page(first - 1, Math.min(pageSize, rest), current.size);
    },
    /** The page after a full, all-safe one whose last event is at `after`: the one asked ahead, if any, else a new one. */
    next(after: number, left: number): Page {
      const asked = ahead;
      ahead = undefined;
      return asked ?? from(after, left);
    },
    /** The read stops: a page asked ahead goes unread. */
    drop,
  };
};
