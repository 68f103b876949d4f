/**
 * Tenants on PostgreSQL (issue 21): what a schema per tenant costs once a
 * database holds many. Two databases of their own, made once and reused: one
 * with 1,000 tenants (a login role and a schema each, Redress's tables made in
 * it by the tenant's own store), one with a single tenant.
 * - `tenants.pg.1000.execute`: commands/s through an engine on one tenant's
 *   schema, as that tenant's role, among 1,000; baseline: the same commands on
 *   the database of one tenant, same run, turns taken.
 * - `tenants.pg.1000.open`: ms from a new pool to a tenant store's first
 *   command (it checks its tables on first use), among 1,000; baseline: the same
 *   on the database of one tenant.
 * - `tenants.pg.role`: the same commands as the tenant's role against the same
 *   commands as the superuser, on one schema: what the privilege checks cost.
 * - `tenants.pg.1000.catalogue`: the size of the database of 1,000 empty
 *   tenants, against the database of one.
 * Needs the server at REDRESS_PG_URL (default postgres://postgres@127.0.0.1:5432/test),
 * with a role that may create databases and roles, trusting loopback logins.
 */
import { createEngine, type Actor, type Engine } from '@redress/core';
import { postgresStore, tenantSchemaSql } from '@redress/store-postgres';
import pg from 'pg';
import type { Report } from './report';

const PG_URL = process.env.REDRESS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MANY = 1000;
const DB = { many: 'redress_bench_tenants', one: 'redress_bench_tenant_one' } as const;
const WINDOW_MS = 1500;
const ROUNDS = 4;
const agent: Actor = { id: 'agent-bench', role: 'agent' };

/** PG_URL with another database and, optionally, another login role (the server trusts loopback). */
const urlOf = (database: string, role?: string) => {
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  if (role !== undefined) {
    url.username = role;
    url.password = '';
  }
  return url.toString();
};

const tenant = (i: number) => ({ schema: `tenant_${String(i).padStart(4, '0')}`, role: `redress_t${i}` });

const query = async (database: string, sql: string, params: unknown[] = []) => {
  const client = new pg.Client({ connectionString: urlOf(database) });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
};

/** Make `database` with `count` tenants, each schema's tables made by its own role's store; skipped when it is there. */
const ensureTenants = async (database: string, count: number) => {
  const admin = new URL(PG_URL).pathname.slice(1);
  const { rowCount } = await query(admin, 'SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (rowCount === 0) await query(admin, `CREATE DATABASE "${database}"`);
  const made = await query(
    database,
    "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'events' AND table_schema LIKE 'tenant_%'",
  );
  if ((made.rows[0] as { n: number }).n >= count) return 0;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const t = tenant(i);
    const role = await query(database, 'SELECT 1 FROM pg_roles WHERE rolname = $1', [t.role]);
    if (role.rowCount === 0) await query(database, `CREATE ROLE "${t.role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    await query(database, tenantSchemaSql(t));
    const store = postgresStore({ connectionString: urlOf(database, t.role), schema: t.schema });
    await store.checkpoints.get('made');
    await store.close();
  }
  return performance.now() - t0;
};

/** Commands/s of `engine` adding notes to `complaintId`, over one window. */
const window = async (engine: Engine, complaintId: string) => {
  let ops = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < WINDOW_MS) {
    await engine.execute({ type: 'addNote', complaintId, actor: agent, text: `note ${ops}` });
    ops++;
  }
  return (ops * 1000) / (performance.now() - t0);
};

/** An engine on `schema` of `database` as `role` (the superuser when undefined), with one complaint received. */
const side = async (database: string, schema: string, role?: string) => {
  const store = postgresStore({ connectionString: urlOf(database, role), schema });
  const engine = createEngine({ store, privacy: 'plaintext' });
  const { complaintId } = await engine.execute({
    type: 'receive',
    actor: agent,
    channel: 'web',
    category: 'billing',
    complainant: { name: 'Tenant customer' },
    summary: 'Charged twice',
  });
  return { engine, complaintId, close: () => store.close() };
};

/** The best window of each side, taking turns. */
const compare = async (a: Awaited<ReturnType<typeof side>>, b: Awaited<ReturnType<typeof side>>) => {
  const best = { a: 0, b: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    best.a = Math.max(best.a, await window(a.engine, a.complaintId));
    best.b = Math.max(best.b, await window(b.engine, b.complaintId));
  }
  return best;
};

/** ms from a new store to its first command done, best of `times`. */
const openTime = async (database: string, t: { schema: string; role: string }, times = 5) => {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    const store = postgresStore({ connectionString: urlOf(database, t.role), schema: t.schema });
    await createEngine({ store, privacy: 'plaintext' }).execute({
      type: 'receive',
      actor: agent,
      channel: 'web',
      category: 'billing',
      complainant: { name: 'Tenant customer' },
      summary: 'Charged twice',
    });
    best = Math.min(best, performance.now() - t0);
    await store.close();
  }
  return best;
};

export default async (report: Report) => {
  const builtMs = await ensureTenants(DB.many, MANY);
  await ensureTenants(DB.one, 1);
  const made = builtMs > 0 ? `; made ${MANY} tenants in ${Math.round(builtMs / 1000)} s this run` : '; reused';

  const middle = tenant(MANY / 2);
  const many = await side(DB.many, middle.schema, middle.role);
  const one = await side(DB.one, tenant(0).schema, tenant(0).role);
  const exec = await compare(many, one);
  report({
    name: `tenants.pg.${MANY}.execute`,
    unit: 'commands/s',
    value: exec.a,
    baseline: 'the same addNote commands on a database of one tenant, as its role',
    baselineValue: exec.b,
    ratio: exec.a / exec.b,
    note: `one tenant's engine among ${MANY} tenant schemas, as the tenant's login role${made}`,
  });
  await many.close();
  await one.close();

  const openMany = await openTime(DB.many, tenant(MANY - 1));
  const openOne = await openTime(DB.one, tenant(0));
  report({
    name: `tenants.pg.${MANY}.open`,
    unit: 'ms',
    value: openMany,
    baseline: 'the same on a database of one tenant',
    baselineValue: openOne,
    ratio: openOne / openMany,
    note: 'a new store (its own pool) to its first command done: the table check on first use and one receive',
  });

  const asTenant = await side(DB.one, tenant(0).schema, tenant(0).role);
  const asOwner = await side(DB.one, tenant(0).schema);
  const roles = await compare(asTenant, asOwner);
  report({
    name: 'tenants.pg.role',
    unit: 'commands/s',
    value: roles.a,
    baseline: 'the same commands on the same schema as the superuser',
    baselineValue: roles.b,
    ratio: roles.a / roles.b,
    note: "the tenant's login role, whose privileges PostgreSQL checks on every statement",
  });
  await asTenant.close();
  await asOwner.close();

  const size = async (database: string) =>
    Number((await query(database, 'SELECT pg_database_size(current_database()) AS b')).rows[0].b) / 1e6;
  const [sizeMany, sizeOne] = [await size(DB.many), await size(DB.one)];
  report({
    name: `tenants.pg.${MANY}.catalogue`,
    unit: 'MB',
    value: sizeMany,
    baseline: 'the database of one tenant',
    baselineValue: sizeOne,
    ratio: sizeOne / sizeMany,
    note: `${((sizeMany - sizeOne) / (MANY - 1)).toFixed(2)} MB a tenant: its tables, indexes and catalogue rows, empty`,
  });
};
