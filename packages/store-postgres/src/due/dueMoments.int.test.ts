import {
  businessCalendar,
  createEngine,
  deadlinePolicy,
  memoryStore,
  type Engine,
  type EventStore,
  type RecordedEvent,
} from '@redress/core';
import { expect, test } from 'vitest';
import { postgresStore } from '../postgresStore';
import { describePg, testSchemas } from '../testing/pgTest';

const agent = { id: 'agent-7', role: 'agent' } as const;
const H = 3_600_000;
const START = Date.parse('2026-03-02T09:00:00Z');
// Warned at 80% of 10 hours, breached after 10 hours.
const policy = deadlinePolicy({ calendar: businessCalendar(), rules: { decide: { within: { hours: 10 } } } });

const engineOn = (
  store: EventStore,
  clock: () => number,
  options: { tickSweepEvents?: number; tickPageSize?: number } = {},
) => createEngine({ store, clock: () => new Date(clock()), deadlines: policy, privacy: 'plaintext', ...options });

const receive = async (engine: Engine) =>
  (
    await engine.execute({
      type: 'receive',
      actor: agent,
      channel: 'web',
      category: 'billing',
      complainant: { name: 'N' },
      summary: 'Charged twice',
    })
  ).complaintId;

/** The deadline events of a complaint, with the moment each records. */
const clockEvents = async (engine: Engine, id: string) =>
  (await engine.history(id))
    .filter((e) => e.type === 'DeadlineWarned' || e.type === 'DeadlineBreached')
    .map((e) => [e.type, e.occurredAt]);

const onTime = (received: number) => [
  ['DeadlineWarned', new Date(received + 8 * H).toISOString()],
  ['DeadlineBreached', new Date(received + 10 * H + 1).toISOString()],
];

describePg('due moments on PostgreSQL', () => {
  const { pool, fresh } = testSchemas(6);

  test('a moment deleted, moved later or given a version from nowhere by hand delays a breach by at most one sweep, never loses it', async () => {
    const schema = fresh('due_tamper');
    let now = START;
    // A sweep of 2 events a tick: one pass over this log takes several ticks.
    const engine = engineOn(postgresStore({ pool, schema }), () => now, { tickSweepEvents: 2 });
    const ids = [await receive(engine), await receive(engine), await receive(engine), await receive(engine)];
    const [deleted, moved, versioned, kept] = ids as [string, string, string, string];
    const s = `"${schema}".due_moments`;
    await pool.query(`DELETE FROM ${s} WHERE stream_id = $1`, [deleted]);
    await pool.query(`UPDATE ${s} SET due_at = due_at + interval '1 year' WHERE stream_id = $1`, [moved]);
    await pool.query(`UPDATE ${s} SET due_at = NULL, version = 1000000 WHERE stream_id = $1`, [versioned]);
    // A moment for a complaint that does not exist: checked once, then cleared.
    await pool.query(`INSERT INTO ${s} (stream_id, due_at, version) VALUES ('C-nowhere', 'epoch', 3)`);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "${schema}".events`);
    const passTicks = Math.ceil(rows[0].n / 2) + 1;

    now = START + 11 * H;
    const first = await engine.tick();
    // The untouched complaint is found at once; the others may wait for the sweep.
    expect(first.events.filter((e) => e.streamId === kept).map((e) => e.type)).toEqual([
      'DeadlineWarned',
      'DeadlineBreached',
    ]);
    let ticks = 1;
    const found = async () => {
      for (const id of ids) if ((await clockEvents(engine, id)).length < 2) return false;
      return true;
    };
    while (!(await found()) && ticks < passTicks + 1) {
      now += 60_000;
      await engine.tick();
      ticks++;
    }
    expect(ticks).toBeLessThanOrEqual(passTicks);
    const nowhere = await pool.query(`SELECT due_at FROM ${s} WHERE stream_id = 'C-nowhere'`);
    expect(nowhere.rows).toEqual([{ due_at: null }]);
    // Late, but each records the moment it came due, as an on-time tick would have.
    for (const id of ids) expect(await clockEvents(engine, id)).toEqual(onTime(START));
  });

  test('a complaint whose log was changed by hand fails each tick loudly, and the complaints due after it are still recorded', async () => {
    const schema = fresh('due_tampered_log');
    let now = START;
    const engine = engineOn(postgresStore({ pool, schema }), () => now);
    const broken = await receive(engine);
    now += H;
    const others = [await receive(engine), await receive(engine)];
    await pool.query(
      `UPDATE "${schema}".events SET event = (regexp_replace(event::text, '"summary":"[^"]*"', '"summary":"changed"'))::json
       WHERE stream_id = $1 AND version = 1`,
      [broken],
    );
    now = START + 12 * H;
    // Another instance, which has not folded the complaint before it was changed.
    const ticker = engineOn(postgresStore({ pool, schema }), () => now, { tickPageSize: 1, tickSweepEvents: 1 });
    await expect(ticker.tick()).rejects.toMatchObject({ code: 'TAMPERED' });
    for (const id of others) expect(await clockEvents(ticker, id)).toEqual(onTime(START + H));
    // Still due, so the next tick says so again rather than dropping it.
    await expect(ticker.tick()).rejects.toMatchObject({ code: 'TAMPERED' });
  });

  test('a writer that gives no moment (an import, an older release) still has its clocks found, through the DeadlineSet it wrote', async () => {
    const schema = fresh('due_import');
    let now = START;
    const source = memoryStore();
    const writer = engineOn(source, () => now);
    await receive(writer);
    now += H;
    await receive(writer);
    const store = postgresStore({ pool, schema });
    const byStream = new Map<string, RecordedEvent[]>();
    for await (const { position: _p, ...e } of source.readAll())
      byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e as RecordedEvent]);
    for (const [id, events] of byStream) await store.append(id, events, { expectedVersion: 0 });

    now = START + 12 * H;
    const engine = engineOn(store, () => now, { tickSweepEvents: 1 });
    const { events } = await engine.tick();
    expect(events.map((e) => e.type).sort()).toEqual([
      'DeadlineBreached',
      'DeadlineBreached',
      'DeadlineWarned',
      'DeadlineWarned',
    ]);
    const [a, b] = [...byStream.keys()] as [string, string];
    expect(await clockEvents(engine, a)).toEqual(onTime(START));
    expect(await clockEvents(engine, b)).toEqual(onTime(START + H));
  });

  test('a store of an earlier release gets the table filled from its log once, however many instances open it at once', async () => {
    const schema = fresh('due_upgrade');
    let now = START;
    const old = engineOn(postgresStore({ pool, schema }), () => now);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push(await receive(old));
      now += H;
    }
    // What an earlier release made: no due moments at all.
    await pool.query(`DROP TRIGGER events_due_moment ON "${schema}".events`);
    await pool.query(`DROP FUNCTION "${schema}".due_from_deadline_set()`);
    await pool.query(`DROP TABLE "${schema}".due_moments`);

    now = START + 30 * H;
    const engines = [0, 1, 2].map(() => engineOn(postgresStore({ pool, schema }), () => now));
    const ticks = await Promise.all(engines.map((e) => e.tick()));
    expect(ticks.flatMap((t) => t.events)).toHaveLength(12);
    for (const [i, id] of ids.entries()) expect(await clockEvents(old, id)).toEqual(onTime(START + i * H));
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "${schema}".due_moments`);
    expect(rows[0].n).toBe(6);
  });
});
