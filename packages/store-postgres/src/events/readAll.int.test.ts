import { randomInt } from 'node:crypto';
import type { RecordedEvent, StoredEvent } from '@redress/core';
import { collect, testEvents, uniqueStreamId } from '@redress/testing';
import type pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { postgresStore } from '../postgresStore';
import { describePg, dropSchema, testPool, uniqueSchema } from '../testing/pgTest';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait until an append of this schema is blocked on a lock inside PostgreSQL. */
const blockedAppend = async (pool: pg.Pool, schema: string) => {
  for (let i = 0; i < 500; i++) {
    const { rows } = await pool.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`,
      [`%"${schema}".reserve_positions%`],
    );
    if (rows[0] !== undefined) return rows[0].pid;
    await sleep(10);
  }
  throw new Error('the append never blocked');
};

/** Wait until a readAll page query of this schema is blocked on a lock inside PostgreSQL. */
const blockedRead = async (pool: pg.Pool, schema: string) => {
  for (let i = 0; i < 500; i++) {
    const { rows } = await pool.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%pg_current_snapshot%' AND query LIKE $1`,
      [`%"${schema}".events%`],
    );
    if (rows[0] !== undefined) return rows[0].pid;
    await sleep(10);
  }
  throw new Error('the read never blocked');
};

/** Wait until a connection waits for the advisory lock `key` (an append held by the `hold` trigger). */
const waitForAdvisoryWaiter = async (pool: pg.Pool, key: readonly [number, number]) => {
  for (let i = 0; i < 500; i++) {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND objsubid = 2 AND NOT granted`,
      [key[0], key[1]],
    );
    if ((rows[0]?.n ?? 0) > 0) return;
    await sleep(10);
  }
  throw new Error('the held append never reached its trigger');
};

describePg('readAll under concurrent writers', () => {
  const schema = uniqueSchema('readall');
  const admin = testPool(3);
  const store = postgresStore({ pool: admin, schema, readAllWaitMs: 300 });
  beforeAll(async () => {
    await collect(store.readAll()); // creates the schema
  });
  afterAll(async () => {
    await dropSchema(admin, schema);
    await admin.end();
  });

  test('an event committed after a later position waits for the earlier one, then both come in order', async () => {
    const [a, b] = [uniqueStreamId('early'), uniqueStreamId('late')];
    const [ea, eb] = [testEvents(a, 2), testEvents(b, 1)];
    const start = (await collect(store.readAll())).at(-1)?.position ?? 0;
    // Hold an outbox id in an open transaction: the append of `a` reserves its
    // positions, inserts its events and then waits on that id, uncommitted.
    const blocker = await admin.connect();
    await blocker.query('BEGIN');
    await blocker.query(
      `INSERT INTO "${schema}".outbox (id, stream_id, event_id, channel, payload, available_at, created_at) VALUES ('held', 'x', 'x', 'x', 'null', now(), now())`,
    );
    const appendA = store.append(a, ea, {
      expectedVersion: 0,
      outbox: [{ id: 'held', streamId: a, eventId: ea[0]!.id, channel: 'email', payload: {} }],
    });
    const settledA = appendA.then(
      (r) => r,
      (e: unknown) => e,
    );
    let pb: readonly number[];
    try {
      await blockedAppend(admin, schema);
      pb = (await store.append(b, eb, { expectedVersion: 0 })).positions;
      // `b` is committed and readable as a stream, but readAll must not hand it out
      // while `a`, holding lower positions, is still in flight.
      expect((await collect(store.readStream(b))).map((e) => e.id)).toEqual([eb[0]!.id]);
      expect(await collect(store.readAll({ after: start }))).toEqual([]);
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
    }
    const ra = await settledA;
    expect(ra).toMatchObject({ version: 2 });
    const { positions: pa } = ra as { positions: number[] };
    expect(pa[1]!).toBeLessThan(pb[0]!);
    const all = await collect(store.readAll({ after: start }));
    expect(all.map((e) => e.id)).toEqual([...ea, ...eb].map((e) => e.id));
  });

  test('a reader paging while 16 writers on 4 pools append sees every event exactly once, positions increasing', async () => {
    const pools = Array.from({ length: 4 }, () => testPool(3));
    const readerPool = testPool(2);
    const stores = pools.map((pool) => postgresStore({ pool, schema }));
    const reader = postgresStore({ pool: readerPool, schema, readAllWaitMs: 2000 });
    // A second reader in pages of 3: each read runs over several pages, each page
    // asked for while the one before it is still coming in.
    const finePool = testPool(2);
    const fineReader = postgresStore({ pool: finePool, schema, readAllWaitMs: 2000, pageSize: 3 });
    const start = (await collect(reader.readAll())).at(-1)?.position ?? 0;
    // A trigger that sleeps 0–15 ms after each insert, between reserving positions and
    // committing, so appends commit out of position order all the time.
    await admin.query(`CREATE FUNCTION "${schema}".dawdle() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(random() * 0.015); RETURN NULL; END $$;
      CREATE TRIGGER dawdle AFTER INSERT ON "${schema}".events FOR EACH STATEMENT EXECUTE FUNCTION "${schema}".dawdle()`);
    // And one that makes an append of a "held-" stream wait, positions reserved and rows
    // inserted, for as long as the test holds an advisory lock: overtaken for certain.
    const lockKey = [0x5244, randomInt(1, 2 ** 31)] as const;
    await admin.query(`CREATE FUNCTION "${schema}".hold() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_advisory_xact_lock_shared(${lockKey[0]}, ${lockKey[1]}); RETURN NULL; END $$;
      CREATE TRIGGER hold AFTER INSERT ON "${schema}".events FOR EACH ROW WHEN (NEW.stream_id LIKE 'held-%') EXECUTE FUNCTION "${schema}".hold()`);
    const written = new Map<string, RecordedEvent>();
    /** First position of each append, in the order the appends finished. */
    const committed: number[] = [];
    let writing = true;

    const writer = async (w: number) => {
      const target = stores[w % stores.length]!;
      // Writers 0–3 also race each other on one shared stream, so some appends fail and leave gaps.
      const own = uniqueStreamId(`w${w}`);
      for (let i = 0; i < 25; i++) {
        const id = w < 4 && i % 3 === 0 ? `shared-${schema}` : own;
        const last = (await collect(target.readStream(id))).at(-1);
        const events = testEvents(id, 1 + ((w + i) % 3), { after: last, note: (n) => `w${w} i${i} n${n}` });
        try {
          const { positions } = await target.append(id, events, { expectedVersion: last?.version ?? 0 });
          committed.push(positions[0]!);
          for (const e of events) written.set(e.id, e);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('CONFLICT');
        }
      }
    };

    /**
     * Eleven times, while the writers run: an append held inside PostgreSQL with its
     * positions reserved, another append that commits after it at later positions,
     * then the held one let go. Appends commit out of position order however the
     * writers happen to be scheduled.
     */
    const overtakes = async () => {
      const [held, overtaking] = [`held-${schema}`, uniqueStreamId('overtaking')];
      let [lastHeld, lastOvertaking]: (RecordedEvent | undefined)[] = [];
      const locker = await admin.connect();
      try {
        for (let round = 0; round < 11; round++) {
          await locker.query('SELECT pg_advisory_lock($1, $2)', [...lockKey]);
          const slow = testEvents(held, 1, { after: lastHeld, note: () => `held ${round}` });
          const holding = stores[0]!.append(held, slow, { expectedVersion: round });
          const settled = holding.then(
            () => undefined,
            () => undefined,
          );
          try {
            await waitForAdvisoryWaiter(admin, lockKey);
            const fast = testEvents(overtaking, 1, { after: lastOvertaking, note: () => `overtaking ${round}` });
            committed.push((await stores[1]!.append(overtaking, fast, { expectedVersion: round })).positions[0]!);
            for (const e of fast) written.set(e.id, e);
            lastOvertaking = fast.at(-1);
          } finally {
            await locker.query('SELECT pg_advisory_unlock($1, $2)', [...lockKey]);
            await settled;
          }
          committed.push((await holding).positions[0]!);
          for (const e of slow) written.set(e.id, e);
          lastHeld = slow.at(-1);
        }
      } finally {
        locker.release();
      }
    };

    /**
     * Read on from the last event seen, `limit` at a time, until the writers are
     * done and every event is in; `lag` ms between reads lets rows pile up, so
     * pages come back full with rows still waiting behind older writers.
     */
    const pager = async (from: typeof reader, limit: number, lag = 0) => {
      const seen: StoredEvent[] = [];
      const page = async () => {
        const got = await collect(from.readAll({ after: seen.at(-1)?.position ?? start, limit }));
        seen.push(...got);
        return got.length;
      };
      while (writing) if ((await page()) === 0 || lag > 0) await sleep(Math.max(1, lag));
      // Drain. Other sessions of the cluster may hold readAll back for a while (it
      // waits for every older transaction), so keep asking rather than stop at the
      // first empty page; a skipped event would never come back, and fails below.
      const until = Date.now() + 20_000;
      while (seen.length < written.size && Date.now() < until) if ((await page()) === 0) await sleep(5);
      return seen;
    };
    const pagers = Promise.all([pager(reader, 7), pager(fineReader, 50, 3)]);
    await Promise.all([...Array.from({ length: 16 }, (_, w) => writer(w)), overtakes()]);
    writing = false;
    const readers = await pagers;
    await admin.query(`DROP TRIGGER dawdle ON "${schema}".events; DROP TRIGGER hold ON "${schema}".events`);
    await Promise.all([...pools, readerPool, finePool].map((p) => p.end()));

    for (const seen of readers) {
      const ids = seen.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual([...written.keys()].sort());
      for (let i = 1; i < seen.length; i++) expect(seen[i]!.position).toBeGreaterThan(seen[i - 1]!.position);
    }
    expect(written.size).toBeGreaterThan(16 * 25);
    // Rule 1 of the design: position order is transaction-id order, for every pair of rows.
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${schema}".events a JOIN "${schema}".events b ON a.position < b.position AND a.tx_id > b.tx_id`,
    );
    expect(rows[0]?.n).toBe(0);
    // The run really had appends committing out of position order: eleven at least by construction.
    const outOfOrder = committed.filter((p, i) => committed.slice(0, i).some((q) => q > p)).length;
    expect(outOfOrder).toBeGreaterThan(10);
  });
  test('a reading connection dropped mid-read gives STORE_UNAVAILABLE after the events before it, and reading on from the last gets the rest once', async () => {
    const stream = uniqueStreamId('dropped');
    const events = testEvents(stream, 30);
    const start = (await collect(store.readAll())).at(-1)?.position ?? 0;
    await store.append(stream, events, { expectedVersion: 0 });
    const readerPool = testPool(2);
    const reader = postgresStore({ pool: readerPool, schema, pageSize: 10 });
    const iterator = reader.readAll({ after: start })[Symbol.asyncIterator]();
    const seen: StoredEvent[] = [];
    for (let i = 0; i < 5; i++) seen.push((await iterator.next()).value as StoredEvent);
    // Hold the table, so that a page query waits inside PostgreSQL; then drop its connection.
    const locker = await admin.connect();
    let failure: unknown;
    try {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE "${schema}".events IN ACCESS EXCLUSIVE MODE`);
      const rest = (async () => {
        for (let step = await iterator.next(); step.done !== true; step = await iterator.next()) seen.push(step.value);
      })().catch((error: unknown) => (failure = error));
      await admin.query('SELECT pg_terminate_backend($1)', [await blockedRead(admin, schema)]);
      await rest;
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
    }
    expect(failure).toMatchObject({ code: 'STORE_UNAVAILABLE', details: { connection: true } });
    // What came before the failure is a prefix of the log, in order.
    expect(seen.length).toBeLessThan(30);
    expect(seen.map((e) => e.id)).toEqual(events.slice(0, seen.length).map((e) => e.id));
    // The pool lets the dropped client go; reading on from the last event gets the rest, once.
    const after = await collect(reader.readAll({ after: seen.at(-1)!.position }));
    expect([...seen, ...after].map((e) => e.id)).toEqual(events.map((e) => e.id));
    await readerPool.end();
  });
});
