const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * The rows of a page converted in one go (the first `to` of them): a row whose
 * conversion throws ends the events there, and its error is kept for the caller
 * to throw after handing them out, as a read row by row would have.
 *
 * @example
 * const { events, failure } = convertPage(rows, (row) => toEvent(row));
 * yield events;
 * if (failure !== undefined) throw failure.error;
 */
export const convertPage = <Row, T>(
  rows: readonly Row[],
  convert: (row: Row) => T,
  to = rows.length,
): { events: T[]; failure: { readonly error: unknown } | undefined } => {
  const events: T[] = [];
  for (let i = 0; i < to; i++) {
    try {
      events.push(convert(rows[i] as Row));
    } catch (error) {
      return { events, failure: { error } };
    }
  }
  return { events, failure: undefined };
};

/**
 * The events of a source of pages, one by one, as an async iterator: what a
 * store's `readStream` and `readAll` hand out. The pages come already converted
 * (see `convertPage`): handing out an event that is ready costs little, while
 * converting each row inside the `for await` step (an async generator yielding
 * event by event) cost several tenths of a microsecond per event, much of a
 * replay. The caller sees what that generator gave: the events in order, the
 * source's error after the events before it, and stopping early ends the source.
 * The pages become the iterator's: it clears each event out of its page as it goes.
 *
 * @example
 * async function* pages() { yield [e1, e2]; yield [e3]; }
 * for await (const event of pagedEvents(pages())) console.log(event.position);
 */
export const pagedEvents = <T>(pages: AsyncIterator<T[]>): AsyncIterableIterator<T> => {
  let page: T[] = [];
  let i = 0;
  // A fetch of the next page under way: every step waits for the one before it.
  let pending: Promise<IteratorResult<T, undefined>> | undefined;

  /** The next event of the page, let go of here: the caller may be done with it long before the page is. */
  const take = (): T => {
    const value = page[i] as T;
    page[i++] = undefined as T;
    return value;
  };

  const pull = async (): Promise<IteratorResult<T, undefined>> => {
    for (;;) {
      const next = await pages.next();
      if (next.done === true) return DONE;
      page = next.value;
      i = 0;
      if (page.length > 0) return { done: false, value: take() };
    }
  };

  const iterator: AsyncIterableIterator<T> = {
    next() {
      if (pending !== undefined)
        return pending.then(
          () => iterator.next(),
          () => iterator.next(),
        );
      if (i < page.length) return Promise.resolve({ done: false, value: take() });
      const step = pull();
      pending = step;
      const clear = () => {
        if (pending === step) pending = undefined;
      };
      step.then(clear, clear);
      return step;
    },
    async return() {
      page = [];
      i = 0;
      await pages.return?.();
      return DONE;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
};
