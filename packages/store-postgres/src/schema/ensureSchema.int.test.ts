import { isRedressError } from '@redress/core';
import { collect, testEvents, uniqueStreamId } from '@redress/testing';
import { expect, test } from 'vitest';
import { postgresStore } from '../postgresStore';
import { describePg, testSchemas } from '../testing/pgTest';
import { SCHEMA_VERSION, schemaSql } from './ddl';

const codeOf = async (work: Promise<unknown>) => {
  try {
    await work;
  } catch (error) {
    expect(isRedressError(error), String(error)).toBe(true);
    return error as Error & { code: string };
  }
  throw new Error('expected a RedressError');
};

describePg('schema creation and foreign schemas', () => {
  const { pool, fresh } = testSchemas();

  test('the first use creates the tables and records the schema version; a second store reuses them', async () => {
    const schema = fresh('create');
    const id = uniqueStreamId();
    await postgresStore({ pool, schema }).append(id, testEvents(id, 2), { expectedVersion: 0 });
    const meta = await pool.query(`SELECT key, value FROM "${schema}".meta ORDER BY key`);
    expect(meta.rows).toEqual([
      { key: 'format', value: 'redress-event-store' },
      { key: 'schema_version', value: String(SCHEMA_VERSION) },
    ]);
    expect(await collect(postgresStore({ pool, schema }).readStream(id))).toHaveLength(2);
  });

  test('stores starting at once on an empty schema create it once', async () => {
    const schema = fresh('race');
    const stores = Array.from({ length: 6 }, () => postgresStore({ pool, schema }));
    await Promise.all(stores.map((s) => s.checkpoints.set('start', 1)));
    expect(await stores[0]!.checkpoints.get('start')).toBe(1);
  });

  test('a schema holding tables that are not Redress’s is refused and left untouched', async () => {
    const schema = fresh('foreign');
    await pool.query(
      `CREATE SCHEMA "${schema}"; CREATE TABLE "${schema}".events (id int, note text); INSERT INTO "${schema}".events VALUES (1, 'theirs')`,
    );
    const id = uniqueStreamId();
    const error = await codeOf(postgresStore({ pool, schema }).append(id, testEvents(id, 1), { expectedVersion: 0 }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('not a Redress event store');
    expect((await pool.query(`SELECT * FROM "${schema}".events`)).rows).toEqual([{ id: 1, note: 'theirs' }]);
    expect((await pool.query(`SELECT to_regclass('"${schema}".meta') AS t`)).rows[0]).toEqual({ t: null });
  });

  test('a schema written by a newer release is refused and nothing is written', async () => {
    const schema = fresh('newer');
    await pool.query(schemaSql(schema));
    await pool.query(`UPDATE "${schema}".meta SET value = $1 WHERE key = 'schema_version'`, [
      String(SCHEMA_VERSION + 1),
    ]);
    const id = uniqueStreamId();
    const error = await codeOf(postgresStore({ pool, schema }).append(id, testEvents(id, 1), { expectedVersion: 0 }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/newer @redress\/store-postgres .*Upgrade/);
    expect((await pool.query(`SELECT count(*)::int AS n FROM "${schema}".events`)).rows[0]).toEqual({ n: 0 });
  });

  test('createSchema: false refuses an empty schema and creates nothing; after a DBA applies schemaSql it works', async () => {
    const schema = fresh('dba');
    const store = postgresStore({ pool, schema, createSchema: false });
    const error = await codeOf(store.checkpoints.get('x'));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('schemaSql');
    expect(
      (await pool.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1`, [schema])).rows[0],
    ).toEqual({ n: 0 });
    await pool.query(schemaSql(schema));
    const id = uniqueStreamId();
    await store.append(id, testEvents(id, 1), { expectedVersion: 0 });
    expect(await collect(store.readStream(id))).toHaveLength(1);
  });

  test('a store created before the outbox kept an attempt history gets the column in place, keeping its rows', async () => {
    const schema = fresh('history');
    const id = uniqueStreamId();
    const events = testEvents(id, 1);
    await postgresStore({ pool, schema }).append(id, events, {
      expectedVersion: 0,
      outbox: [{ id: `${id}-m`, streamId: id, eventId: events[0]!.id, channel: 'email', payload: { n: 1 } }],
    });
    // What the first schema-version-1 release created: the same tables without `history`.
    await pool.query(`ALTER TABLE "${schema}".outbox DROP COLUMN history`);

    const strict = postgresStore({ pool, schema, createSchema: false });
    const refused = await codeOf(strict.outbox.list());
    expect(refused.code).toBe('VALIDATION');
    expect(refused.message).toMatch(/no history column.*schemaSql/);

    const store = postgresStore({ pool, schema });
    expect(await store.outbox.list()).toEqual([expect.objectContaining({ id: `${id}-m`, history: [] })]);
    const now = new Date(Date.now() + 60_000);
    await store.outbox.claim({ now, limit: 1, leaseMs: 1000, worker: 'w' });
    await store.outbox.complete(`${id}-m`, { now, worker: 'w' });
    const [done] = await store.outbox.list();
    expect(done?.history).toEqual([{ attempt: 1, at: now.toISOString(), worker: 'w', outcome: 'delivered' }]);
    const meta = await pool.query(`SELECT value FROM "${schema}".meta WHERE key = 'schema_version'`);
    expect(meta.rows).toEqual([{ value: String(SCHEMA_VERSION) }]);
  });

  test('a row changed behind Redress’s back is reported as TAMPERED, not returned', async () => {
    const schema = fresh('tamper');
    const store = postgresStore({ pool, schema });
    const [id, other] = [uniqueStreamId(), uniqueStreamId()];
    await store.append(id, testEvents(id, 2), { expectedVersion: 0 });
    const { positions } = await store.append(other, testEvents(other, 2), { expectedVersion: 0 });
    await pool.query(
      `UPDATE "${schema}".events SET event = json_build_object('id', 'x') WHERE stream_id = $1 AND version = 2`,
      [other],
    );
    const error = await codeOf(collect(store.readStream(other)));
    expect(error.code).toBe('TAMPERED');
    expect(error.message).toContain(`position ${positions[1]}`);
    await pool.query(
      `UPDATE "${schema}".events SET event = (regexp_replace(event::text, '"text":"[^"]*"', '"text":42'))::json WHERE stream_id = $1 AND version = 2`,
      [id],
    );
    const schemaError = await codeOf(collect(store.readAll()));
    expect(schemaError.code).toBe('TAMPERED');
    expect(schemaError.message).toContain(`${id} v2`);
  });

  test('an event moved to another row (stream or version changed in its columns) is TAMPERED', async () => {
    const schema = fresh('moved');
    const store = postgresStore({ pool, schema });
    const id = uniqueStreamId();
    await store.append(id, testEvents(id, 2), { expectedVersion: 0 });
    await pool.query(`UPDATE "${schema}".events SET version = 7 WHERE stream_id = $1 AND version = 2`, [id]);
    const error = await codeOf(collect(store.readStream(id)));
    expect(error.code).toBe('TAMPERED');
    expect(error.message).toContain(`says it is ${id} v2 but its row is ${id} v7`);
  });

  test('bad options are refused before anything touches the database', () => {
    expect(() => postgresStore({ pool, schema: 'bad"; DROP TABLE x; --' })).toThrow(/not allowed/);
    expect(() => postgresStore({ schema: 'ok' })).toThrow(/exactly one of `pool`/);
    expect(() => postgresStore({ pool, connectionString: 'postgres://x' })).toThrow(/exactly one of `pool`/);
  });
});
