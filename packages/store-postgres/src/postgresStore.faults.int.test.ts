import { createEngine, isRedressError, type RecordedEvent } from '@redress/core';
import { collect, testEvents, uniqueStreamId } from '@redress/testing';
import { afterAll, expect, test } from 'vitest';
import { postgresStore } from './postgresStore';
import { describePg, dropSchema, testPool, uniqueSchema } from './testing/pgTest';

const agent = { id: 'agent-7', role: 'agent' } as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const errorOf = async (work: Promise<unknown>) => {
  try {
    await work;
  } catch (error) {
    return error as Error & { code?: string; details?: { connection?: boolean } };
  }
  throw new Error('expected the call to fail');
};

describePg('connection faults', () => {
  const schema = uniqueSchema('faults');
  const admin = testPool(3);
  afterAll(async () => {
    await dropSchema(admin, schema);
    await admin.end();
  });

  test('a connection dropped mid-append gives STORE_UNAVAILABLE, leaves no partial append, and the engine carries on', async () => {
    const pool = testPool(4);
    const store = postgresStore({ pool, schema });
    // One outbox row per event, with an id known in advance.
    const engine = createEngine({
      store,
      outbox: (events: readonly RecordedEvent[]) =>
        events.map((e) => ({
          id: `ob-${e.streamId}-v${e.version}`,
          streamId: e.streamId,
          eventId: e.id,
          channel: 'email',
          payload: { type: e.type },
        })),
    });
    const complaintId = uniqueStreamId('C-fault');
    await engine.execute({
      type: 'receive',
      complaintId,
      actor: agent,
      channel: 'web',
      category: 'service',
      complainant: { name: 'Ana' },
      summary: 'Late delivery',
    });

    // Hold the outbox id of version 3 in an open transaction: the append of the note
    // inserts its event, then waits on that id, so it is in flight when we cut it off.
    const blocker = await admin.connect();
    await blocker.query('BEGIN');
    await blocker.query(
      `INSERT INTO "${schema}".outbox (id, stream_id, event_id, channel, payload, available_at, created_at) VALUES ($1, 'x', 'x', 'x', 'null', now(), now())`,
      [`ob-${complaintId}-v3`],
    );
    const note = engine.execute({ type: 'addNote', complaintId, actor: agent, text: 'cut off' });
    const failed = errorOf(note);
    try {
      let pid: number | undefined;
      for (let i = 0; i < 500 && pid === undefined; i++) {
        const { rows } = await admin.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`,
          [`%"${schema}".reserve_positions%`],
        );
        pid = rows[0]?.pid;
        if (pid === undefined) await sleep(10);
      }
      expect(pid, 'the append should be in flight').toBeDefined();
      const { rows } = await admin.query<{ done: boolean }>('SELECT pg_terminate_backend($1) AS done', [pid]);
      expect(rows[0]?.done).toBe(true);
      const error = await failed;
      expect(isRedressError(error, 'STORE_UNAVAILABLE'), String(error)).toBe(true);
      expect(error.details?.connection).toBe(true);
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
    }

    // Nothing of the cut-off append: no event, no outbox row, nothing in the global log.
    expect((await engine.history(complaintId)).map((e) => e.version)).toEqual([1, 2]);
    expect((await store.outbox.list({ streamId: complaintId })).map((r) => r.id)).toEqual([
      `ob-${complaintId}-v1`,
      `ob-${complaintId}-v2`,
    ]);
    expect((await collect(store.readAll())).filter((e) => e.streamId === complaintId)).toHaveLength(2);

    // The same engine and pool work again.
    const again = await engine.execute({ type: 'addNote', complaintId, actor: agent, text: 'after the fault' });
    expect(again.version).toBe(3);
    expect((await store.outbox.list({ streamId: complaintId })).map((r) => r.id)).toContain(`ob-${complaintId}-v3`);
    expect(await engine.verify(complaintId)).toMatchObject({ ok: true });
    await pool.end();
  });

  test('an outbox message without a channel or with a bad time is VALIDATION and appends nothing', async () => {
    const pool = testPool(2);
    const store = postgresStore({ pool, schema });
    const id = uniqueStreamId();
    const events = testEvents(id, 1);
    const base = { id: `m-${id}`, streamId: id, eventId: events[0]!.id, channel: 'email', payload: {} };
    for (const bad of [
      { ...base, channel: undefined as unknown as string },
      { ...base, availableAt: 'next tuesday' },
    ]) {
      const error = await errorOf(store.append(id, events, { expectedVersion: 0, outbox: [bad] }));
      expect(error.code, String(error)).toBe('VALIDATION');
    }
    expect(await collect(store.readStream(id))).toEqual([]);
    expect(await store.outbox.list({ streamId: id })).toEqual([]);
    await pool.end();
  });

  test('a server that cannot be reached gives STORE_UNAVAILABLE from every call, and nothing is written', async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const store = postgresStore({ connectionString: 'postgres://postgres@127.0.0.1:1/test', schema });
    const id = uniqueStreamId();
    const calls: Promise<unknown>[] = [
      store.append(id, testEvents(id, 1), { expectedVersion: 0 }),
      collect(store.readStream(id)),
      collect(store.readAll()),
      store.outbox.claim({ now: new Date(), limit: 1, leaseMs: 1000, worker: 'w' }),
      store.checkpoints.get('x'),
    ];
    for (const call of calls) {
      const error = await errorOf(call);
      expect(error.code, String(error)).toBe('STORE_UNAVAILABLE');
      expect(error.details?.connection).toBe(true);
      expect(error.message).toMatch(/PostgreSQL/);
    }
    const engine = createEngine({ store });
    const error = await errorOf(
      engine.execute({
        type: 'receive',
        actor: agent,
        channel: 'web',
        category: 'service',
        complainant: { name: 'Ana' },
        summary: 'x',
      }),
    );
    expect(error.code).toBe('STORE_UNAVAILABLE');
    await store.close?.();
    expect(
      (await admin.query(`SELECT count(*)::int AS n FROM "${schema}".events WHERE stream_id = $1`, [id])).rows[0],
    ).toEqual({ n: 0 });
  });
});
