import pg, { type Pool, type PoolClient, type QueryArrayConfig } from 'pg';
import type { EventRow } from './readQueries';

/** The rows of one query as they arrive; see {@link streamRows}. */
export interface RowStream extends AsyncIterable<EventRow[]> {
  /** Take no more rows: those still to come are let go as they arrive. */
  drop(): void;
}

/**
 * Run `query` at once, on a pool client of its own, and hand out its rows as
 * they arrive: each step gives the rows come in since the step before (waiting
 * for one if there are none), so a reader that keeps up holds a few dozen rows
 * rather than the whole page. A failure comes after the rows before it, as
 * `failure` makes of the driver's error. A reader that stops early (or drops
 * the stream unread) leaves the query to end on its own, and the client goes
 * back to the pool then.
 *
 * @example
 * for await (const rows of streamRows(pool, readQueries(s).allPage(0, 1000, 0), (e) => e)) console.log(rows.length);
 */
export const streamRows = (pool: Pool, query: QueryArrayConfig, failure: (error: unknown) => unknown): RowStream => {
  let rows: EventRow[] = [];
  let ended = false;
  let failed: { readonly error: unknown } | undefined;
  let dropped = false;
  let wake: (() => void) | undefined;

  const woken = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const fail = (error: unknown) => {
    failed ??= { error: failure(error) };
    woken();
  };
  const run = (client: PoolClient) => {
    let released = false;
    const release = (error?: Error) => {
      if (!released) client.release(error);
      released = true;
    };
    try {
      // The client's own Query class, which its connection knows how to run.
      const Query = (client.constructor as { Query?: typeof pg.Query }).Query ?? pg.Query;
      const submitted = new Query(query);
      submitted.on('row', (row: EventRow) => {
        if (dropped) return;
        rows.push(row);
        woken();
      });
      submitted.on('end', () => {
        release();
        ended = true;
        woken();
      });
      submitted.on('error', (error: Error) => {
        release(error);
        fail(error);
      });
      void client.query(submitted);
    } catch (error) {
      release(error as Error);
      fail(error);
    }
  };
  pool.connect().then(run, fail);

  const drop = () => {
    dropped = true;
    rows = [];
  };
  async function* arrivals(): AsyncGenerator<EventRow[]> {
    try {
      for (;;) {
        if (rows.length > 0) {
          const batch = rows;
          rows = [];
          yield batch;
        } else if (failed !== undefined) throw failed.error;
        else if (ended) return;
        else await new Promise<void>((resume) => (wake = resume));
      }
    } finally {
      drop();
    }
  }
  return { [Symbol.asyncIterator]: arrivals, drop };
};
