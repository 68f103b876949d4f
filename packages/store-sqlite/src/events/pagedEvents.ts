const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * Hand out the rows of synchronously fetched pages one by one as an async
 * iterator, converted. `nextPage` returns the next page, or `undefined` when there
 * is none. A caller sees what an async generator converting row by row would
 * give: the rows in order, and an error (from a page or a conversion) in the
 * place of the row that caused it, after which the iteration is over; stopping
 * early fetches nothing more.
 *
 * Written out rather than as an `async function*`, and each page converted in one
 * go when it arrives: handing out events that are ready costs little, while
 * interleaving each conversion with the promise machinery of `for await` cost
 * about 0.3 µs per event, a tenth of reading a log.
 *
 * @example
 * const events = pagedEvents(() => statement.all(after, 500), (row) => rowToEvent(row, undefined));
 */
export const pagedEvents = <Row, T>(nextPage: () => readonly Row[] | undefined, convert: (row: Row) => T): AsyncIterableIterator<T> => {
  let ready: T[] = [];
  let i = 0;
  let done = false;
  // The conversion error met in the current page, given out after the rows before it.
  let failure: { readonly error: unknown } | undefined;

  const fill = (page: readonly Row[]) => {
    ready = new Array<T>(page.length);
    i = 0;
    for (let k = 0; k < page.length; k++) {
      try {
        ready[k] = convert(page[k] as Row);
      } catch (error) {
        ready.length = k;
        failure = { error };
        return;
      }
    }
  };
  const finish = () => {
    done = true;
    ready = [];
    i = 0;
    failure = undefined;
    return DONE;
  };

  return {
    next() {
      try {
        while (i === ready.length) {
          if (failure !== undefined) {
            const { error } = failure;
            finish();
            throw error;
          }
          const page = done ? undefined : nextPage();
          if (page === undefined) return Promise.resolve(finish());
          fill(page);
        }
        const value = ready[i] as T;
        // Let go of it: an event the caller is done with should not outlive it here.
        ready[i++] = undefined as T;
        return Promise.resolve({ done: false, value });
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
