import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { postgresStore } from '@redress/store-postgres';
import { afterAll, describe, expect, test } from 'vitest';
import { EXIT } from '../src/cli/exitCodes';
import { ATTACKS, seedSigned, type Row, type RowAccess } from './support/attacks';
import { tempDir } from './support/files';
import { runInProcess } from './support/inProcess';
import { PG_URL, sql, unreachable, urlFor } from './support/postgres';
import { runCli } from './support/runCli';

const skip = unreachable !== undefined && !process.env.CI;
if (skip) console.warn(`cli: skipping the PostgreSQL trust tests: ${PG_URL} is not reachable (${unreachable})`);

const schemas: string[] = [];
const dir = tempDir();

/** A schema of its own with the seeded, signed log. */
const seeded = async (name: string) => {
  const schema = `cli_trust_${process.pid}_${name}`;
  schemas.push(schema);
  const store = postgresStore({ connectionString: PG_URL, schema });
  const files = join(dir, name);
  mkdirSync(files);
  try {
    return { schema, ...(await seedSigned(store, files)) };
  } finally {
    await store.close?.();
  }
};

/** The rows of a schema, changed with SQL as its owner (or anyone with its password) can. */
const access = (client: pg.Client, schema: string): RowAccess => ({
  rows: async (streamId) =>
    (
      await client.query<{ position: string; body: string }>(
        `SELECT position, event::text AS body FROM "${schema}".events WHERE stream_id = $1 ORDER BY version`,
        [streamId],
      )
    ).rows.map((r) => ({ ...(JSON.parse(r.body) as object), position: Number(r.position) }) as Row),
  setBody: async (streamId, version, body) =>
    void (await client.query(`UPDATE "${schema}".events SET event = $1::json WHERE stream_id = $2 AND version = $3`, [
      body,
      streamId,
      version,
    ])),
  run: async (text) => void (await client.query(text.replace(/FROM events/g, `FROM "${schema}".events`))),
  swapPositions: async (a, b) => {
    await client.query(`UPDATE "${schema}".events SET position = -1 WHERE position = $1`, [a]);
    await client.query(`UPDATE "${schema}".events SET position = $1 WHERE position = $2`, [a, b]);
    await client.query(`UPDATE "${schema}".events SET position = $1 WHERE position = -1`, [b]);
  },
});

type Report = { trusted: { ok: boolean; findings: { kind: string; streamId?: string }[]; agreedThrough: number } };

describe.skipIf(skip)('redress verify --trusted on PostgreSQL, as a real process', () => {
  afterAll(async () => {
    for (const schema of schemas) await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  test('the untouched store extends its signed checkpoint: exit 0', async () => {
    const { schema, checkpoint, publicKey, events } = await seeded('clean');
    const r = await runCli([
      'verify',
      '--store',
      urlFor(schema),
      '--trusted',
      checkpoint,
      '--public-key',
      publicKey,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect((JSON.parse(r.stdout) as Report).trusted).toMatchObject({ ok: true, findings: [], agreedThrough: events });
  });

  test.each(ATTACKS.map((a, i) => [a.name, i] as const))('%s: found, named, exit 1', async (_, i) => {
    const attack = ATTACKS[i]!;
    const { schema, checkpoint, publicKey } = await seeded(`attack${i}`);
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      await attack.do(access(client, schema));
    } finally {
      await client.end();
    }
    const r = await runCli([
      'verify',
      '--store',
      urlFor(schema),
      '--trusted',
      checkpoint,
      '--public-key',
      publicKey,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(EXIT.verifyFailed);
    const { trusted } = JSON.parse(r.stdout) as Report;
    expect(trusted.findings[0]?.kind).toBe(attack.kind);
    if (attack.kind !== 'deleted') expect(trusted.findings[0]?.streamId).toBe('C-2');
    const plain = await runInProcess(['verify', '--store', urlFor(schema), '--json']);
    expect(plain.code).toBe(attack.plainVerifyFinds ? EXIT.verifyFailed : EXIT.ok);
  });
});
