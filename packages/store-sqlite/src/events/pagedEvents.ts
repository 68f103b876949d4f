const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * Hand out the rows of synchronously fetched pages one by one as an async
 * iterator, converting each as it goes out. `nextPage` returns the next page, or
 * `undefined` when there is none. An error (from a page or a conversion) ends the
 * iteration, as it would end an async generator; so does the caller stopping early.
 *
 * Written out rather than as an `async function*`: a generator's machinery costs
 * about 0.1 µs per event, some 3% of reading a log.
 *
 * @example
 * const events = pagedEvents(() => statement.all(after, 500), (row) => rowToEvent(row, undefined));
 */
export const pagedEvents = <Row, T>(nextPage: () => readonly Row[] | undefined, convert: (row: Row) => T): AsyncIterableIterator<T> => {
  let rows: readonly Row[] = [];
  let i = 0;
  let done = false;
  const step = (): IteratorResult<T, undefined> => {
    while (i === rows.length) {
      const page = done ? undefined : nextPage();
      if (page === undefined) return finish();
      rows = page;
      i = 0;
    }
    return { done: false, value: convert(rows[i++] as Row) };
  };
  const finish = () => {
    done = true;
    rows = [];
    i = 0;
    return DONE;
  };
  return {
    next() {
      try {
        return Promise.resolve(step());
      } catch (error) {
        finish();
        return Promise.reject(error);
      }
    },
    return() {
      return Promise.resolve(finish());
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
};
