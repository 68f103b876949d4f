import { isRedressError, type StoredEvent } from '@redress/core';
import { testEvents, uniqueStreamId } from '@redress/testing';
import { afterAll, expect, test } from 'vitest';
import { postgresStore } from '../postgresStore';
import { describePg, dropSchema, testPool, uniqueSchema } from '../testing/pgTest';

/** The events a read hands out before it fails, and the failure. */
const readUntilFailure = async (source: AsyncIterable<StoredEvent>) => {
  const seen: number[] = [];
  try {
    for await (const e of source) seen.push(e.version);
  } catch (error) {
    return { seen, error: error as Error & { code?: string; details?: unknown } };
  }
  throw new Error(`expected the read to fail after ${seen.length} events`);
};

describePg('reading rows changed behind Redress’s back', () => {
  const pool = testPool(2);
  const schema = uniqueSchema('reads');
  const store = postgresStore({ pool, schema, pageSize: 4 });
  afterAll(async () => {
    await dropSchema(pool, schema);
    await pool.end();
  });

  const damaged = async (sql: string) => {
    const id = uniqueStreamId();
    const { positions } = await store.append(id, testEvents(id, 6), { expectedVersion: 0 });
    await pool.query(`UPDATE "${schema}".events SET ${sql} WHERE stream_id = $1 AND version = 3`, [id]);
    return { id, position: positions[2] };
  };

  test.each([
    ['a JSON array', `event = '[1, 2]'::json`],
    ['a JSON string', `event = '"an event"'::json`],
    ['JSON null', `event = 'null'::json`],
    ['an object that is not an event', `event = json_build_object('v', 1)`],
  ])('%s is TAMPERED naming its position, after the events before it, in both reads', async (_what, sql) => {
    const { id, position } = await damaged(sql);
    for (const read of [() => store.readStream(id), () => store.readAll({ after: position! - 3 })]) {
      const { seen, error } = await readUntilFailure(read());
      expect(seen).toEqual([1, 2]);
      expect(isRedressError(error, 'TAMPERED'), error.message).toBe(true);
      expect(error.message).toContain(`position ${position}`);
    }
  });

  test('a body that says it is another version of the stream is TAMPERED, naming both', async () => {
    const { id, position } = await damaged(`event = (regexp_replace(event::text, '"version":3', '"version":4'))::json`);
    const { seen, error } = await readUntilFailure(store.readStream(id));
    expect(seen).toEqual([1, 2]);
    expect(error.message).toContain(`position ${position}`);
    expect(isRedressError(error, 'TAMPERED')).toBe(true);
    expect(error.message).toContain(`says it is ${id} v4 but its row is ${id} v3`);
  });
});
