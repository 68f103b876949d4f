import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  createEngine,
  isErased,
  secretKek,
  sequentialIds,
  subjectKeys,
  type Actor,
  type EventStore,
  type KeyEncryptionKey,
  type KeyStore,
  type WrappedKey,
} from '@redress/core';
import { keyFileBeside, sqliteKeyStore, sqliteStore } from '@redress/store-sqlite';
import { postgresKeyStore, postgresStore } from '@redress/store-postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tempDir } from './support/files';
import { PG_URL, sql, unreachable, urlFor } from './support/postgres';
import { main } from '../src/cli/main';
import { processOutput } from '../src/cli/output';
import { runCli, startCli } from './support/runCli';
import { steppingClock } from './support/seedStore';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const agent: Actor = { id: 'agent-7', role: 'agent' };
const NAME = '王芳 Wang Fang';
const SUMMARY = 'Kettle leaks after two days, order 8812-3391';
const officer = ['--actor', 'dpo-1', '--role', 'privacy-officer', '--reason', 'Art. 17 request #4411'];
const secret = () => randomBytes(32).toString('base64');

/** Two complaints, each of its own complainant, written with privacy on. */
const writeLog = async (store: EventStore, keys: KeyStore, kek: KeyEncryptionKey) => {
  const engine = createEngine({
    store,
    clock: steppingClock(),
    ids: sequentialIds(),
    privacy: { keys: { store: keys, kek } },
  });
  const ids: string[] = [];
  for (const name of [NAME, '李雷 Li Lei']) {
    const { complaintId } = await engine.execute({
      type: 'receive',
      actor: agent,
      channel: 'phone',
      category: 'quality',
      complainant: { name },
      summary: SUMMARY,
    });
    ids.push(complaintId);
  }
  return ids;
};

/** The KEK id each subject's record names, 'erased' for a tombstone. */
/** Run `redress` in this process (for refusals, which need no process of their own), with what it writes. */
const runHere = async (args: readonly string[], env: NodeJS.ProcessEnv) => {
  let stdout = '';
  let stderr = '';
  const collect = (to: 'out' | 'err') =>
    ({
      write: (chunk: string) => {
        if (to === 'out') stdout += chunk;
        else stderr += chunk;
        return true;
      },
    }) as unknown as NodeJS.WritableStream;
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => {
    stderr += chunk;
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await main(args, env, processOutput(args.includes('--json'), collect('out'), collect('err')));
    return { code, stdout, stderr };
  } finally {
    process.stderr.write = write;
  }
};

const wrappedBy = async (store: KeyStore, ids: Iterable<string>) => {
  const out: string[] = [];
  for (const id of ids) {
    const held = await store.fetch(id);
    out.push(held === undefined ? 'none' : isErased(held) ? 'erased' : held.kekId);
  }
  return out;
};

describe('redress keys rewrap on a real SQLite key file', () => {
  test('SIGKILL in the middle: every key reads under one of the two KEKs, destroyed ones stay destroyed; running again finishes', async () => {
    const path = join(dir, 'crash.keys.db');
    const [oldSecret, newSecret] = [secret(), secret()];
    const [from, to] = [secretKek(oldSecret), secretKek(newSecret)];
    // Many keys, written in one transaction (a key at a time would be an fsync each).
    await sqliteKeyStore({ path }).close();
    const raw = new Map<string, Buffer>();
    const db = new Database(path);
    const put = db.prepare('INSERT INTO subject_keys (subject_id, kek_id, wrapped, created_at) VALUES (?, ?, ?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 4000; i++) {
        const id = `S-${String(i).padStart(5, '0')}`;
        const key = randomBytes(32);
        raw.set(id, key);
        put.run(
          id,
          from.id,
          Buffer.from(from.wrap(key, { subjectId: id, kekId: from.id }) as Uint8Array),
          new Date().toISOString(),
        );
      }
    })();
    db.close();
    const store = sqliteKeyStore({ path });
    const destroyed = ['S-00007', 'S-02500', 'S-03999'];
    for (const id of destroyed) await store.destroy(id);
    await store.close();
    const oldWrapped = Buffer.from(((await sqliteKeyStore({ path }).fetch('S-00001')) as WrappedKey).wrapped);

    const env = { OLD_KEK: oldSecret, NEW_KEK: newSecret };
    const args = ['keys', 'rewrap', '--key-store', path, '--kek-env', 'OLD_KEK', '--new-kek-env', 'NEW_KEK'];
    const running = startCli([...args, '--batch', '20'], env);
    await running.waitFor(/keys rewrap: \d+ keys re-wrapped so far/);
    running.child.kill('SIGKILL');
    expect(await running.exited).toBe(-1);

    const check = async () => {
      const reader = sqliteKeyStore({ path });
      const both = subjectKeys({ store: reader, kek: to, previousKeks: [from], cacheSize: 0 });
      const by = await wrappedBy(reader, raw.keys());
      for (const [id, key] of raw) {
        const found = await both.get(id);
        if (destroyed.includes(id)) expect(isErased(found), id).toBe(true);
        else expect(isErased(found) || found === undefined ? undefined : found.key.export().equals(key), id).toBe(true);
      }
      await reader.close();
      return by;
    };
    const halfway = await check();
    const moved = halfway.filter((k) => k === to.id).length;
    expect(moved, 'the batch announced before the kill is written').toBeGreaterThanOrEqual(20);
    expect(halfway.filter((k) => k === 'erased')).toHaveLength(3);
    expect(halfway.every((k) => k === to.id || k === from.id || k === 'erased')).toBe(true);

    const again = await runCli([...args, '--json'], env);
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ ok: true, complete: true, from: from.id, to: to.id, skipped: 0, others: {} });
    expect((report.rewrapped as number) + (report.already as number)).toBe(4000 - 3);
    expect(report.already).toBe(moved);
    const done = await check();
    expect(done.filter((k) => k === to.id)).toHaveLength(4000 - 3);
    // The old wrappings are gone from the file and its -wal; no secret was printed.
    const bytes = Buffer.concat([path, `${path}-wal`].filter(existsSync).map((p) => readFileSync(p)));
    expect(bytes.includes(oldWrapped)).toBe(false);
    expect(again.stdout + again.stderr).not.toContain(oldSecret);
    expect(again.stdout + again.stderr).not.toContain(newSecret);
    await expect(subjectKeys({ store: sqliteKeyStore({ path }), kek: to }).create('S-02500')).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  test('after a rotation the log reveals, erases and verifies with the new KEK only', async () => {
    const db = join(dir, 'rotated.db');
    const [oldSecret, newSecret] = [secret(), secret()];
    const store = sqliteStore({ path: db });
    const keyStore = sqliteKeyStore({ path: keyFileBeside(db) });
    const [first] = await writeLog(store, keyStore, secretKek(oldSecret));
    await store.close();
    await keyStore.close();

    const r = await runCli(['keys', 'rewrap', '--key-store', keyFileBeside(db), '--new-kek-env', 'NEW'], {
      REDRESS_KEK: oldSecret,
      NEW: newSecret,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Re-wrapped 2 keys of .*rotated\.keys\.db from kek-[0-9a-f]{16} to kek-[0-9a-f]{16}$/m);
    expect(r.stdout).toMatch(/^Complete: no key is wrapped by kek-/m);
    const withNew = { REDRESS_KEK: newSecret };
    const revealed = await runCli(['replay', first as string, '--reveal', '--json', '--store', db], withNew);
    expect(revealed.code, revealed.stderr).toBe(0);
    expect((JSON.parse(revealed.stdout) as { summary: string }).summary).toBe(SUMMARY);
    const withOld = await runCli(['replay', first as string, '--reveal', '--store', db], { REDRESS_KEK: oldSecret });
    expect(withOld.code).toBe(6);
    expect(withOld.stderr).toMatch(/is wrapped by key-encryption key kek-\w+, but this keyring has kek-/);
    const erased = await runCli(['erase', first as string, ...officer, '--store', db], withNew);
    expect(erased.code, erased.stderr).toBe(0);
    expect((await runCli(['verify', '--store', db])).code).toBe(0);
  });

  test('refusals: usage, the same variable twice, the wrong old KEK; the secrets never printed', async () => {
    const path = join(dir, 'refusals.keys.db');
    const [oldSecret, newSecret] = [secret(), secret()];
    const keys = subjectKeys({ store: sqliteKeyStore({ path }), kek: secretKek(oldSecret) });
    await keys.create('S-1');
    await keys.close();
    const env = { REDRESS_KEK: oldSecret, NEW: newSecret };
    const cases: [string[], NodeJS.ProcessEnv, number, RegExp][] = [
      [['keys', 'rewrap', '--key-store', path], env, 2, /keys rewrap needs --new-kek-env NAME/],
      [['keys', 'rewrap', '--new-kek-env', 'NEW'], env, 2, /keys rewrap needs --key-store FILE/],
      [['keys', 'rotate', '--key-store', path, '--new-kek-env', 'NEW'], env, 2, /It does rewrap/],
      [['keys', 'rewrap', '--key-store', path, '--new-kek-env', 'NEW', '--store', 'x.db'], env, 2, /reads no store/],
      [['keys', 'rewrap', '--key-store', path, '--new-kek-env', 'REDRESS_KEK'], env, 6, /both name REDRESS_KEK/],
      [['keys', 'rewrap', '--key-store', path, '--new-kek-env', 'NONE'], env, 6, /set NONE to it/],
      [['keys', 'rewrap', '--key-store', path, '--new-kek-env', 'NEW', '--batch', '1e3'], env, 6, /--batch must be/],
      [['keys', 'rewrap', '--key-store', join(dir, 'none.db'), '--new-kek-env', 'NEW'], env, 6, /no such key file/],
      [
        ['keys', 'rewrap', '--key-store', path, '--new-kek-env', 'NEW'],
        { REDRESS_KEK: secret(), NEW: newSecret },
        6,
        /Left alone: 1 wrapped by kek-[0-9a-f]{16}, neither key-encryption key given; is REDRESS_KEK the one/,
      ],
    ];
    for (const [args, given, code, message] of cases) {
      const r = await runHere(args, given);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
      expect(r.stdout + r.stderr).toMatch(message);
      for (const s of [oldSecret, newSecret]) expect(r.stdout + r.stderr).not.toContain(s);
    }
    const store = sqliteKeyStore({ path });
    expect(await wrappedBy(store, ['S-1'])).toEqual([secretKek(oldSecret).id]);
    await store.close();
  });
});

const pgSkip = unreachable !== undefined && !process.env.CI;
if (pgSkip) console.warn(`cli: skipping the PostgreSQL key store: ${PG_URL} is not reachable (${unreachable})`);

describe.skipIf(pgSkip)('a key store on a real PostgreSQL server: --key-store postgres://…', () => {
  const schema = `cli_keys_events_${process.pid}`;
  const keySchema = `cli_keys_${process.pid}`;
  const [oldSecret, newSecret] = [secret(), secret()];
  const keyUrl = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${keySchema}`;
  let ids: string[] = [];

  beforeAll(async () => {
    const store = postgresStore({ connectionString: PG_URL, schema });
    const keys = postgresKeyStore({ connectionString: PG_URL, schema: keySchema });
    ids = await writeLog(store, keys, secretKek(oldSecret));
    await keys.close();
    await store.close?.();
  });
  afterAll(async () => {
    await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await sql(`DROP SCHEMA IF EXISTS "${keySchema}" CASCADE`);
  });

  test('audit and replay --reveal, keys rewrap, then erase: all through the key table', async () => {
    const [first, second] = ids as [string, string];
    const env = { REDRESS_KEK: oldSecret };
    const audit = await runCli(['audit', first, '--reveal', '--key-store', keyUrl, '--store', urlFor(schema)], env);
    expect(audit.code, audit.stderr).toBe(0);
    expect(audit.stdout).toContain(SUMMARY);
    // The schema also comes from --key-schema.
    const replay = await runCli(
      [
        'replay',
        first,
        '--reveal',
        '--json',
        '--key-store',
        PG_URL,
        '--key-schema',
        keySchema,
        '--store',
        urlFor(schema),
      ],
      env,
    );
    expect(replay.code, replay.stderr).toBe(0);
    expect((JSON.parse(replay.stdout) as { complainant: { name: string } }).complainant.name).toBe(NAME);

    const rewrap = await runCli(['keys', 'rewrap', '--key-store', keyUrl, '--new-kek-env', 'NEW', '--json'], {
      ...env,
      NEW: newSecret,
    });
    expect(rewrap.code, rewrap.stderr).toBe(0);
    expect(JSON.parse(rewrap.stdout)).toMatchObject({ ok: true, rewrapped: 2, complete: true });
    expect(JSON.parse(rewrap.stdout).keyStore).toContain(`key table ${keySchema}.subject_keys`);
    const rows = await sql(`SELECT DISTINCT kek_id FROM "${keySchema}".subject_keys`);
    expect(rows.map((r) => r.kek_id)).toEqual([secretKek(newSecret).id]);

    const withNew = { REDRESS_KEK: newSecret };
    const erase = await runCli(['erase', first, ...officer, '--key-store', keyUrl, '--store', urlFor(schema)], withNew);
    expect(erase.code, erase.stderr).toBe(0);
    expect(erase.stdout).toMatch(/Verified: OK/);
    expect(erase.stdout).toContain(`key table ${keySchema}.subject_keys`);
    const after = await runCli(
      ['replay', first, '--reveal', '--json', '--key-store', keyUrl, '--store', urlFor(schema)],
      withNew,
    );
    expect((JSON.parse(after.stdout) as { summary: unknown }).summary).toEqual({ erased: true });
    const other = await runCli(
      ['replay', second, '--reveal', '--json', '--key-store', keyUrl, '--store', urlFor(schema)],
      withNew,
    );
    expect((JSON.parse(other.stdout) as { summary: unknown }).summary).toBe(SUMMARY);
  });

  test('a schema with no key table, --key-schema without postgres://, an unreachable server: clear refusals', async () => {
    const env = { REDRESS_KEK: oldSecret };
    const missing = await runHere(
      [
        'audit',
        ids[1] as string,
        '--reveal',
        '--key-store',
        PG_URL,
        '--key-schema',
        'no_such_keys',
        '--store',
        urlFor(schema),
      ],
      env,
    );
    expect(missing.code, missing.stderr).toBe(6);
    expect(missing.stderr).toMatch(/"no_such_keys" has no Redress key table and createSchema is false/);
    const tables = await sql("SELECT 1 FROM pg_namespace WHERE nspname = 'no_such_keys'");
    expect(tables, 'the CLI never creates a key table').toEqual([]);
    const stray = await runHere(
      ['audit', ids[1] as string, '--reveal', '--key-schema', keySchema, '--store', urlFor(schema)],
      env,
    );
    expect(stray.code).toBe(6);
    expect(stray.stderr).toMatch(/--key-schema picks the schema of a PostgreSQL key table/);
    const down = await runHere(
      ['keys', 'rewrap', '--key-store', 'postgres://nobody:hunter2@127.0.0.1:1/none', '--new-kek-env', 'NEW'],
      { ...env, NEW: newSecret },
    );
    expect(down.code, down.stderr).toBe(3);
    expect(down.stderr).toMatch(
      /Cannot reach the PostgreSQL key store postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none/,
    );
    expect(down.stderr).not.toContain('hunter2');
  });
});
