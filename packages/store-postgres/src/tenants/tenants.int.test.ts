import { randomBytes } from 'node:crypto';
import { createEngine, isRedressError, secretKek, type Engine } from '@redress/core';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { postgresKeyStore, type PostgresKeyStore } from '../keys/postgresKeyStore';
import { postgresStore, type PostgresStore } from '../postgresStore';
import { describePg, PG_URL, testPool } from '../testing/pgTest';
import { tenantSchemaSql } from './tenantSql';

const agent = { id: 'agent-7', role: 'agent' } as const;
const handler = { id: 'handler-1', role: 'handler' } as const;

/** The connection string of PG_URL as another role (the test server trusts loopback logins). */
const as = (role: string) => {
  const url = new URL(PG_URL);
  url.username = role;
  url.password = '';
  return url.toString();
};

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (isRedressError(e) ? e.code : `other: ${String(e)}`),
  );

describePg('tenants: a schema and a role per legal entity', () => {
  const admin = testPool(2);
  const tag = randomBytes(4).toString('hex');
  const tenants = ['a', 'b'].map((t) => ({ schema: `tenant_${t}_${tag}`, role: `redress_${t}_${tag}` }));
  const stores: PostgresStore[] = [];
  const keyStores: PostgresKeyStore[] = [];
  const engines: Engine[] = [];
  let idB = '';

  beforeAll(async () => {
    for (const t of tenants) {
      await admin.query(`CREATE ROLE "${t.role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
      await admin.query(tenantSchemaSql(t));
    }
    for (const t of tenants) {
      // Each tenant's events, tree, checkpoints, outbox and data keys in its own schema, under its own KEK.
      const store = postgresStore({ connectionString: as(t.role), schema: t.schema });
      const keys = postgresKeyStore({ connectionString: as(t.role), schema: t.schema });
      stores.push(store);
      keyStores.push(keys);
      const kek = secretKek(randomBytes(32).toString('base64'));
      engines.push(createEngine({ store, privacy: { keys: { store: keys, kek } } }));
    }
    idB = (
      await engines[1]!.execute({
        type: 'receive',
        actor: agent,
        channel: 'web',
        category: 'billing',
        complainant: { name: 'Tenant B customer' },
        summary: 'Charged twice',
      })
    ).complaintId;
    await engines[0]!.execute({
      type: 'receive',
      actor: agent,
      channel: 'phone',
      category: 'quality',
      complainant: { name: 'Tenant A customer' },
      summary: 'Kettle leaks',
    });
  });

  afterAll(async () => {
    for (const s of stores) await s.close();
    for (const k of keyStores) await k.close();
    for (const t of tenants) {
      await admin.query(`DROP SCHEMA IF EXISTS "${t.schema}" CASCADE`);
      await admin.query(`DROP ROLE IF EXISTS "${t.role}"`);
    }
    await admin.end();
  });

  test("tenant A's engine cannot read, list, verify or append to B's complaints, even with B's ids", async () => {
    const [a, b] = engines as [Engine, Engine];
    const [storeA, storeB] = stores as [PostgresStore, PostgresStore];
    expect(await codeOf(a.load(idB))).toBe('NOT_FOUND');
    expect(await codeOf(a.history(idB))).toBe('NOT_FOUND');
    expect(await codeOf(a.verify(idB))).toBe('NOT_FOUND');
    expect(
      await codeOf(
        a.execute({ type: 'accept', actor: handler, complaintId: idB, department: 'billing', priority: 'high' }),
      ),
    ).toBe('NOT_FOUND');
    const listedByA: string[] = [];
    for await (const e of storeA.readAll()) listedByA.push(e.streamId);
    expect(listedByA.length).toBeGreaterThan(0);
    expect(listedByA).not.toContain(idB);
    // B's complaint is untouched, and its own log and tree are B's alone.
    expect((await b.load(idB)).version).toBe((await b.history(idB)).length);
    expect((await b.load(idB)).stage).toBe('received');
    expect(await storeB.merkle.size()).toBe((await b.history(idB)).length);
    // B's personal data is ciphertext in B's schema, under B's keys.
    const raw = await admin.query(`SELECT event::text AS data FROM "${tenants[1]!.schema}".events`);
    expect(raw.rows.map((r: { data: string }) => r.data).join('\n')).not.toContain('Tenant B customer');
    expect(((await b.load(idB)).complainant as { name: string }).name).toBe('Tenant B customer');
  });

  test("a store of role A pointed at B's schema is refused by PostgreSQL, and writes nothing there", async () => {
    const [, b] = tenants as [unknown, { schema: string }];
    const intruder = postgresStore({ connectionString: as(tenants[0]!.role), schema: b.schema, createSchema: false });
    const error = await intruder
      .readStream(idB)
      [Symbol.asyncIterator]()
      .next()
      .catch((e: unknown) => e);
    await intruder.close();
    expect(isRedressError(error)).toBe(true);
    const before = await admin.query(`SELECT count(*)::int AS n FROM "${b.schema}".events`);
    const writer = postgresStore({ connectionString: as(tenants[0]!.role), schema: b.schema });
    const write = await writer
      .append('C-intruder', [], { expectedVersion: 0 })
      .then(() => 'appended')
      .catch((e: unknown) => (isRedressError(e) ? e : String(e)));
    await writer.close();
    expect(write).not.toBe('appended');
    const after = await admin.query(`SELECT count(*)::int AS n FROM "${b.schema}".events`);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  test("a query by tenant A's role into B's schema is refused by the database itself", async () => {
    const client = new pg.Client({ connectionString: as(tenants[0]!.role) });
    await client.connect();
    try {
      const denied = await client.query(`SELECT * FROM "${tenants[1]!.schema}".events`).catch((e: unknown) => e);
      expect(denied).toMatchObject({ code: '42501' });
      expect(String((denied as Error).message)).toContain('permission denied for schema');
      const keys = await client.query(`SELECT * FROM "${tenants[1]!.schema}".subject_keys`).catch((e: unknown) => e);
      expect(keys).toMatchObject({ code: '42501' });
      // Its own schema answers.
      const own = await client.query(`SELECT count(*)::int AS n FROM "${tenants[0]!.schema}".events`);
      expect(own.rows[0].n).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  });

  test('a denied privilege is STORE_UNAVAILABLE with refused: privilege, saying retrying will not help', async () => {
    const intruder = postgresStore({ connectionString: as(tenants[0]!.role), schema: tenants[1]!.schema });
    const error = await intruder
      .readStream(idB)
      [Symbol.asyncIterator]()
      .next()
      .catch((e: unknown) => e);
    await intruder.close();
    expect(isRedressError(error, 'STORE_UNAVAILABLE')).toBe(true);
    if (!isRedressError(error, 'STORE_UNAVAILABLE')) return;
    expect(error.details?.refused).toBe('privilege');
    expect(error.message).toContain('trying again will not help');
    expect(error.message).not.toContain('Tenant B customer');
  });

  test('bad names are refused before any SQL is made', () => {
    expect(() => tenantSchemaSql({ schema: 'a"; DROP SCHEMA x; --', role: 'r' })).toThrow(/not allowed/);
    expect(() => tenantSchemaSql({ schema: 'ok', role: 'Robert"); DROP' })).toThrow(/not allowed/);
  });
});
