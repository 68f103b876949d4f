import { randomBytes } from 'node:crypto';
import { createEngine, isErased, secretKek, subjectKeys } from '@redress/core';
import { exampleActors, exampleLifecycle } from '@redress/testing';
import { afterAll, expect, test } from 'vitest';
import { postgresKeyStore } from './keys/postgresKeyStore';
import { postgresStore } from './postgresStore';
import { describePg, dropSchema, testPool, uniqueSchema } from './testing/pgTest';

const personal = ['王芳', '+86 138 0000 0000', 'wang.fang@example.com', 'Kettle leaks after two days'];

describePg('personal data in PostgreSQL', () => {
  const pool = testPool();
  const schema = uniqueSchema('privacy');
  const keySchema = uniqueSchema('privacy_keys');
  const plainSchema = uniqueSchema('privacy_plain');
  afterAll(async () => {
    for (const s of [schema, keySchema, plainSchema]) await dropSchema(pool, s);
    await pool.end();
  });

  /** Every personal value found in the text of any row of any table of `s`. */
  const found = async (s: string): Promise<string[]> => {
    const tables = await pool.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
      [s],
    );
    const texts: string[] = [];
    for (const { table_name } of tables.rows) {
      const rows = await pool.query<{ row: string }>(`SELECT t::text AS row FROM "${s}"."${table_name}" t`);
      texts.push(...rows.rows.map((r) => r.row));
    }
    // JSON in a row's text escapes nothing of these values but the +: look for them as they are.
    return personal.filter((v) => texts.some((t) => t.includes(v)));
  };

  const lifecycle = () => {
    const [receive, ...rest] = exampleLifecycle('C-1');
    const r = receive as { complainant: object };
    return [{ ...r, complainant: { ...r.complainant, email: 'wang.fang@example.com' } }, ...rest] as never[];
  };

  test('no row holds a personal value; the store reads encrypted fields back; erasure works and keeps the chain', async () => {
    const plain = postgresStore({ pool, schema: plainSchema });
    await createEngine({ store: plain, privacy: 'plaintext' }).execute(lifecycle()[0] as never);
    // The check can fail: written in clear, the values are in the rows.
    expect(await found(plainSchema)).toEqual(expect.arrayContaining(['王芳', 'wang.fang@example.com']));

    const store = postgresStore({ pool, schema });
    const keyStore = postgresKeyStore({ pool, schema: keySchema });
    const kek = secretKek(randomBytes(32));
    const engine = createEngine({ store, privacy: { keys: subjectKeys({ store: keyStore, kek }) } });
    for (const cmd of lifecycle()) await engine.execute(cmd);
    expect(await found(schema)).toEqual([]);
    expect(await found(keySchema)).toEqual([]);
    // Read back through the store's own schema checks, encrypted fields and all.
    expect((await engine.load('C-1')).complainant.email).toBe('wang.fang@example.com');
    const before = await engine.history('C-1');

    await engine.erase({ complaintId: 'C-1' }, exampleActors['privacy-officer'], 'Art. 17 request 4411');
    const after = await engine.history('C-1');
    expect(JSON.stringify(after.slice(0, before.length))).toBe(JSON.stringify(before));
    expect(await engine.verify('C-1')).toMatchObject({ ok: true, events: before.length + 1 });

    // Another engine with the same key-encryption key and the remaining keys cannot read them.
    const other = createEngine({
      store: postgresStore({ pool, schema }),
      privacy: { keys: subjectKeys({ store: postgresKeyStore({ pool, schema: keySchema }), kek }) },
    });
    const c = await other.load('C-1');
    expect(isErased(c.complainant.name)).toBe(true);
    expect(isErased(c.complainant.email)).toBe(true);
    expect(c.stage).toBe('reviewed');
    const revealed = JSON.stringify(await other.history('C-1', { reveal: true }));
    for (const v of personal) expect(revealed).not.toContain(v);
    expect(await found(schema)).toEqual([]);
  }, 60_000);
});
