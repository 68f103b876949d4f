import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postgresStore } from '@redress/store-postgres';
import { EXIT } from '../src/cli/exitCodes';
import { lines, tempDir } from './support/files';
import { PG_URL, sql, unreachable, urlFor } from './support/postgres';
import { runCli } from './support/runCli';
import { seedComplaints } from './support/seedStore';

const skip = unreachable !== undefined && !process.env.CI;
if (skip) {
  console.warn(
    `cli: skipping the PostgreSQL tests: ${PG_URL} is not reachable (${unreachable}); start PostgreSQL or set REDRESS_PG_URL (under CI they fail instead)`,
  );
}

const schema = `cli_test_${process.pid}`;
const copySchema = `${schema}_copy`;

describe.skipIf(skip)('redress on PostgreSQL', () => {
  beforeAll(async () => {
    const store = postgresStore({ connectionString: PG_URL, schema });
    await seedComplaints(store, { outbox: true });
    await store.close?.();
  });

  afterAll(async () => {
    await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await sql(`DROP SCHEMA IF EXISTS "${copySchema}" CASCADE`);
  });

  test('verify, replay and audit read the real server', async () => {
    const verify = await runCli(['verify', '--store', urlFor(schema), '--json']);
    expect(verify.code).toBe(EXIT.ok);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, complaints: 3 });
    const replay = JSON.parse((await runCli(['replay', 'C-2', '--store', urlFor(schema), '--json'])).stdout) as {
      stage: string;
    };
    expect(replay.stage).toBe('rejected');
    const audit = JSON.parse(
      (await runCli(['audit', 'C-1', '--format', 'json', '--store', PG_URL, '--schema', schema])).stdout,
    ) as {
      notifications: unknown[];
      timeline: unknown[];
    };
    expect(audit.notifications).toHaveLength(3);
    expect(audit.timeline.length).toBeGreaterThan(10);
  });

  test('export from PostgreSQL → import into SQLite and into another schema → the same hashes', async () => {
    const dir = tempDir();
    const exported = join(dir, 'pg.ndjson');
    expect((await runCli(['export', '--out', exported, '--store', urlFor(schema)])).code).toBe(EXIT.ok);
    const sqlite = join(dir, 'from-pg.db');
    expect((await runCli(['import', exported, '--store', sqlite])).code).toBe(EXIT.ok);
    expect((await runCli(['import', exported, '--store', urlFor(copySchema)])).code).toBe(EXIT.ok);
    for (const target of [sqlite, urlFor(copySchema)]) {
      expect((await runCli(['verify', '--store', target])).code).toBe(EXIT.ok);
      const again = join(dir, `again-${target === sqlite ? 'sqlite' : 'pg'}.ndjson`);
      expect((await runCli(['export', '--out', again, '--store', target])).code).toBe(EXIT.ok);
      const key = (l: string) => {
        const e = JSON.parse(l) as { streamId: string; version: number; hash: string };
        return `${e.streamId} ${e.version} ${e.hash}`;
      };
      expect(lines(again).map(key)).toEqual(lines(exported).map(key));
    }
  });

  test('a tampered row is found: exit 1, the complaint and version named', async () => {
    const [row] = await sql(
      `SELECT position, version FROM "${copySchema}".events WHERE stream_id = 'C-3' AND type = 'ComplaintWithdrawn'`,
    );
    await sql(
      `UPDATE "${copySchema}".events SET event = replace(event::text, 'Parcel arrived', 'Refund paid')::json WHERE position = $1`,
      [row?.position],
    );
    const r = await runCli(['verify', '--store', urlFor(copySchema), '--json']);
    expect(r.code).toBe(EXIT.verifyFailed);
    const failures = (JSON.parse(r.stdout) as { failures: { streamId: string; version: number; reason: string }[] })
      .failures;
    expect(failures).toEqual([expect.objectContaining({ streamId: 'C-3', version: row?.version })]);
    expect(failures[0]?.reason).toContain('hash does not match');
  });

  test('an unreachable database is a clear error with exit 3', async () => {
    const r = await runCli(['verify', '--store', 'postgres://postgres@127.0.0.1:1/test']);
    expect(r.code).toBe(EXIT.unavailable);
    expect(r.stderr).toContain('Cannot reach PostgreSQL');
    expect(r.stderr).not.toContain('undefined');
  });

  test('a wrong role, a missing database and an empty database each say what is wrong, not "try again"', async () => {
    const base = new URL(PG_URL);
    const role = new URL(PG_URL);
    role.username = 'no_such_role_redress';
    const login = await runCli(['verify', '--store', role.href]);
    expect(login.code).toBe(EXIT.unavailable);
    expect(login.stderr).toContain('refused the login');
    expect(login.stderr).toContain('check the user name and password');
    expect(login.stderr).not.toMatch(/try again when|Cannot reach/);

    const missing = new URL(PG_URL);
    missing.pathname = '/no_such_database_redress';
    const database = await runCli(['verify', '--store', missing.href]);
    expect(database.code).toBe(EXIT.unavailable);
    expect(database.stderr).toContain('has no such database');
    expect(database.stderr).not.toMatch(/try again when|Cannot reach/);

    // A schema nobody made: an empty database as far as Redress is concerned.
    const empty = await runCli(['list', '--store', urlFor(`redress_empty_${Date.now()}`)]);
    expect(empty.code).toBe(EXIT.noStore);
    expect(empty.stderr).toContain('No Redress store in');
    expect(empty.stderr).not.toContain('createSchema');
    expect(empty.stderr).not.toContain('schemaSql');
    expect(base.password === '' || !empty.stderr.includes(base.password)).toBe(true);
  });
});
