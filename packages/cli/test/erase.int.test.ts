import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  createEngine,
  isErased,
  secretKek,
  sequentialIds,
  subjectKeys,
  type Actor,
  type EventStore,
  type SubjectKeys,
} from '@redress/core';
import { keyFileBeside, sqliteKeyStore, sqliteStore } from '@redress/store-sqlite';
import { postgresStore } from '@redress/store-postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { storedBodies, tempDir } from './support/files';
import { PG_URL, sql, unreachable, urlFor } from './support/postgres';
import { PERSON } from './support/privateLog';
import { runCli } from './support/runCli';
import { steppingClock } from './support/seedStore';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const agent: Actor = { id: 'agent-7', role: 'agent' };
const handler: Actor = { id: 'handler-2', role: 'handler' };
/** Another complainant, whose data must survive the erasure of the first. */
const OTHER = { name: '李雷 Li Lei', phone: '+86 139 2222 7777', summary: 'Toaster sparks at the plug' } as const;

/** The first complainant's values as they would sit in a file in clear. */
const personal = [PERSON.name, PERSON.phone, PERSON.email, PERSON.summary, PERSON.note];

/** Two complaints of PERSON and one of OTHER, written by an engine with privacy on, keys in the file beside the store. */
const privateStore = async (
  store: EventStore,
  keys: SubjectKeys,
): Promise<{ person: string[]; other: string; subjectId: string; otherSubject: string }> => {
  const engine = createEngine({ store, clock: steppingClock(), ids: sequentialIds(), privacy: { keys } });
  const receive = async (who: { name: string; phone: string }, summary: string) =>
    (
      await engine.execute({
        type: 'receive',
        actor: agent,
        channel: 'phone',
        category: 'quality',
        complainant: who,
        summary,
      })
    ).complaintId;
  const first = await receive({ name: PERSON.name, phone: PERSON.phone }, PERSON.summary);
  await engine.execute({
    type: 'accept',
    complaintId: first,
    actor: handler,
    department: 'quality-control',
    priority: 'normal',
  });
  await engine.execute({ type: 'addNote', complaintId: first, actor: agent, text: PERSON.note });
  const other = await receive({ name: OTHER.name, phone: OTHER.phone }, OTHER.summary);
  const subjectId = (await engine.load(first)).subjectId as string;
  const otherSubject = (await engine.load(other)).subjectId as string;
  return { person: [first], other, subjectId, otherSubject };
};

/** A SQLite store and its key file beside it, written by {@link privateStore}. */
const sqliteLog = async (name: string, secret: string) => {
  const db = join(dir, name);
  const store = sqliteStore({ path: db });
  const keys = subjectKeys({ store: sqliteKeyStore({ path: keyFileBeside(db) }), kek: secretKek(secret) });
  const log = await privateStore(store, keys);
  await keys.close();
  await store.close();
  return { db, ...log };
};

const bytesOf = (path: string) => (existsSync(path) ? readFileSync(path) : Buffer.alloc(0));
/** The personal values whose UTF-8 bytes are somewhere in these files. */
const foundIn = (paths: readonly string[], values: readonly string[]) =>
  values.filter((v) => paths.flatMap((p) => [p, `${p}-wal`]).some((p) => bytesOf(p).includes(Buffer.from(v, 'utf8'))));

const hashes = (db: string, id: string) => storedBodies(db, id).map((e) => e.hash);

const privacyOfficer = ['--actor', 'dpo-1', '--role', 'privacy-officer', '--reason', 'Art. 17 request #4411'];

describe('redress erase on a real SQLite file, its keys in the file beside it', async () => {
  const secret = randomBytes(32).toString('base64');
  const env = { REDRESS_KEK: secret };

  test('by complaint id: records the erasure, destroys the key, verifies; --reveal shows erased, hashes unchanged', async () => {
    const log = await sqliteLog('by-complaint.db', secret);
    const id = log.person[0] as string;
    const before = hashes(log.db, id);
    const revealed = await runCli(['audit', id, '--reveal', '--store', log.db], env);
    expect(revealed.stdout, 'the values are readable before').toContain(PERSON.note);

    const r = await runCli(['erase', id, ...privacyOfficer, '--store', log.db], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Erased the personal data of subject ${log.subjectId} in 1 complaint: ${id}`);
    expect(r.stdout).toMatch(/Verified: OK 5 events in 1 complaint; their hash chains are unchanged/);
    for (const v of personal) expect(r.stdout + r.stderr).not.toContain(v);

    // The events before the erasure keep their hashes; one PersonalDataErased follows them.
    const after = storedBodies(log.db, id);
    expect(after.map((e) => e.hash).slice(0, before.length)).toEqual(before);
    expect(after.map((e) => e.type).at(-1)).toBe('PersonalDataErased');
    expect(after.at(-1)?.data).toMatchObject({ subjectId: log.subjectId, reason: 'Art. 17 request #4411' });
    expect(after.at(-1)?.actor).toEqual({ id: 'dpo-1', role: 'privacy-officer' });
    const verified = await runCli(['verify', '--store', log.db]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^OK 7 events in 2 complaints/);

    const audit = await runCli(['audit', id, '--reveal', '--store', log.db], env);
    expect(audit.code, audit.stderr).toBe(0);
    expect(audit.stdout).toContain('Note: (erased)');
    for (const v of personal) expect(audit.stdout).not.toContain(v);
    const replay = await runCli(['replay', id, '--reveal', '--json', '--store', log.db], env);
    const state = JSON.parse(replay.stdout) as { complainant: Record<string, unknown>; summary: unknown };
    expect(state.complainant.name).toEqual({ erased: true });
    expect(state.summary).toEqual({ erased: true });

    // The other complainant's data is still readable with the keys that remain.
    const other = await runCli(['replay', log.other, '--reveal', '--json', '--store', log.db], env);
    expect((JSON.parse(other.stdout) as { summary: string }).summary).toBe(OTHER.summary);

    // With the remaining keys the values cannot be had: the subject's key is gone, and neither file holds them.
    const keys = subjectKeys({ store: sqliteKeyStore({ path: keyFileBeside(log.db) }), kek: secretKek(secret) });
    expect(isErased(await keys.get(log.subjectId))).toBe(true);
    expect(isErased(await keys.get(log.otherSubject))).toBe(false);
    await keys.close();
    const plainStore = sqliteStore({ path: log.db });
    const keyStore = sqliteKeyStore({ path: keyFileBeside(log.db) });
    const opened = createEngine({ store: plainStore, privacy: { keys: { store: keyStore, kek: secretKek(secret) } } });
    const history = await opened.history(id, { reveal: true });
    expect(history.length).toBe(5);
    for (const v of personal) expect(JSON.stringify(history)).not.toContain(v);
    await plainStore.close();
    await keyStore.close?.();
    expect(foundIn([log.db, keyFileBeside(log.db)], [...personal, OTHER.name])).toEqual([]);
  });

  test('by --subject: every complaint of the subject; --json carries ids only; a second run records nothing new', async () => {
    const log = await sqliteLog('by-subject.db', secret);
    const r = await runCli(['erase', '--subject', log.subjectId, ...privacyOfficer, '--json', '--store', log.db], env);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(report).toEqual({
      ok: true,
      subjectId: log.subjectId,
      complaints: log.person,
      recorded: 1,
      verified: { ok: true, events: 5, failures: [] },
    });
    for (const v of personal) expect(r.stdout).not.toContain(v);
    const again = await runCli(
      ['erase', '--subject', log.subjectId, ...privacyOfficer, '--json', '--store', log.db],
      env,
    );
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: true, recorded: 0 });
    const audit = await runCli(['audit', log.person[0] as string, '--reveal', '--store', log.db], env);
    expect(audit.stdout).toContain('Note: (erased)');
    expect((await runCli(['verify', '--store', log.db])).code).toBe(0);
  });

  test('a hostile complaint id on the command line is echoed escaped, on one line', async () => {
    const log = await sqliteLog('hostile.db', secret);
    const r = await runCli(['erase', 'C-1\u001b[2J\u202e\nforged', ...privacyOfficer, '--store', log.db], env);
    expect(r.code, r.stderr).not.toBe(0);
    expect(r.stderr).not.toMatch(/[\u001b\u202e]/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  describe('refusals: nothing is erased, the message says what to do, no stack trace, no secret', async () => {
    const log = await sqliteLog('refusals.db', secret);
    const id = log.person[0] as string;
    const untouched = async () => {
      expect(storedBodies(log.db, id).map((e) => e.type)).not.toContain('PersonalDataErased');
      const keys = subjectKeys({ store: sqliteKeyStore({ path: keyFileBeside(log.db) }), kek: secretKek(secret) });
      expect(isErased(await keys.get(log.subjectId))).toBe(false);
      await keys.close();
    };
    const oneLine = (stderr: string) => {
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).not.toMatch(/\n\s+at /);
    };

    test('no reason, actor or role; no target; both targets: usage, exit 2, naming what to pass', async () => {
      const cases: [string[], RegExp][] = [
        [[id, '--actor', 'dpo-1', '--role', 'privacy-officer'], /erase needs --reason TEXT \(why, stored in clear/],
        [[id, '--reason', 'r'], /erase needs --actor ID .*, --role ROLE/],
        [[id, '--actor', 'dpo-1', '--reason', 'r'], /erase needs --role ROLE/],
        [privacyOfficer, /erase needs whose personal data to erase: a complaint id .* or --subject SUBJECT/],
        [[id, '--subject', log.subjectId, ...privacyOfficer], /a complaint id or --subject, not both/],
      ];
      for (const [args, message] of cases) {
        const r = await runCli(['erase', ...args, '--store', log.db], env);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(message);
        oneLine(r.stderr);
      }
      await untouched();
    });

    test("a role the policy does not let erase: the engine's FORBIDDEN, exit 6", async () => {
      for (const json of [false, true]) {
        const r = await runCli(
          [
            'erase',
            id,
            '--actor',
            'h-2',
            '--role',
            'handler',
            '--reason',
            'r',
            '--store',
            log.db,
            ...(json ? ['--json'] : []),
          ],
          env,
        );
        expect(r.code, r.stderr).toBe(6);
        expect(r.stderr).toMatch(
          /Cannot erase: role "handler" may not erase personal data; roles that may: supervisor, privacy-officer/,
        );
        oneLine(r.stderr);
        if (json) expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
      await untouched();
    });

    test('a wrong, missing or malformed key-encryption key: a clear message, exit 6, the secret never printed', async () => {
      const wrong = randomBytes(32).toString('base64');
      const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
        [[id], { REDRESS_KEK: wrong }, /wrapped by key-encryption key kek-[0-9a-f]{16}, but this keyring has kek-/],
        [['--subject', log.subjectId], { REDRESS_KEK: wrong }, /wrapped by key-encryption key kek-[0-9a-f]{16}/],
        [[id, '--kek-env', 'K'], { K: wrong }, /wrapped by key-encryption key kek-[0-9a-f]{16}/],
        [
          [id, '--kek-env', 'K'],
          {},
          /erase reads the keys in .*refusals\.keys\.db.*: set K to it \(base64 of 32 bytes\)/,
        ],
        [[id], { REDRESS_KEK: 'not a secret' }, /The key-encryption key in REDRESS_KEK is not one/],
        [[id, '--key-store', join(dir, 'none.keys.db')], env, /--key-store .*none\.keys\.db: no such key file/],
      ];
      for (const [args, given, message] of cases) {
        const r = await runCli(['erase', ...args, ...privacyOfficer, '--store', log.db], { REDRESS_KEK: '', ...given });
        expect(r.code, r.stderr).toBe(6);
        expect(r.stderr).toMatch(message);
        expect(r.stderr + r.stdout).not.toContain(wrong);
        expect(r.stderr + r.stdout).not.toContain(secret);
        oneLine(r.stderr);
      }
      await untouched();
    });

    test('an unknown complaint or subject: NOT_FOUND, exit 4', async () => {
      for (const target of [['C-404'], ['--subject', 'S-nobody']]) {
        const r = await runCli(['erase', ...target, ...privacyOfficer, '--store', log.db], env);
        expect(r.code, r.stderr).toBe(4);
        expect(r.stderr).toMatch(/C-404|S-nobody/);
        oneLine(r.stderr);
      }
      await untouched();
    });

    test("a complaint written in plain text: the engine's refusal, exit 6", async () => {
      const db = join(dir, 'plain.db');
      const store = sqliteStore({ path: db });
      const { complaintId } = await createEngine({ store, privacy: 'plaintext', ids: sequentialIds() }).execute({
        type: 'receive',
        actor: agent,
        channel: 'phone',
        category: 'quality',
        complainant: { name: PERSON.name },
        summary: PERSON.summary,
      });
      await store.close();
      copyFileSync(keyFileBeside(log.db), keyFileBeside(db));
      const r = await runCli(['erase', complaintId, ...privacyOfficer, '--store', db], env);
      expect(r.code, r.stderr).toBe(6);
      expect(r.stderr).toMatch(/was written in plain text, before encryption was turned on/);
      expect(r.stderr).not.toContain('王芳');
      oneLine(r.stderr);
      expect(storedBodies(db, complaintId).map((e) => e.type)).not.toContain('PersonalDataErased');
    });

    test('no key file beside the store, and an export: refused before anything is written', async () => {
      const copy = join(dir, 'no-keys.db');
      copyFileSync(log.db, copy);
      const r = await runCli(['erase', id, ...privacyOfficer, '--store', copy], env);
      expect(r.code, r.stderr).toBe(6);
      expect(r.stderr).toMatch(/there is no key file beside .*no-keys\.db: give it with --key-store FILE/);
      const exported = join(dir, 'export.ndjson');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(exported, (await runCli(['export', '--store', log.db])).stdout);
      const e = await runCli(['erase', id, ...privacyOfficer, '--store', exported], env);
      expect(e.code, e.stderr).toBe(6);
      expect(e.stderr).toMatch(/is an export, which erase cannot write to/);
      await untouched();
    });
  });
});

const pgSkip = unreachable !== undefined && !process.env.CI;
if (pgSkip) console.warn(`cli: skipping redress erase on PostgreSQL: ${PG_URL} is not reachable (${unreachable})`);

describe.skipIf(pgSkip)('redress erase on a real PostgreSQL server, the keys in a key file', () => {
  const schema = `cli_erase_${process.pid}`;
  const secret = randomBytes(32).toString('base64');
  const env = { REDRESS_KEK: secret };
  const keyFile = join(dir, 'postgres.keys.db');
  let log: Awaited<ReturnType<typeof privateStore>>;

  beforeAll(async () => {
    const store = postgresStore({ connectionString: PG_URL, schema });
    const keys = subjectKeys({ store: sqliteKeyStore({ path: keyFile }), kek: secretKek(secret) });
    log = await privateStore(store, keys);
    await keys.close();
    await store.close?.();
  });
  afterAll(async () => {
    await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  const rows = async () =>
    (await sql(`SELECT event::text AS body FROM "${schema}".events ORDER BY position`)) as { body: string }[];

  test('without --key-store it says to give one; with it, erases by subject, verifies, and --reveal shows erased', async () => {
    const id = log.person[0] as string;
    const none = await runCli(['erase', id, ...privacyOfficer, '--store', urlFor(schema)], env);
    expect(none.code, none.stderr).toBe(6);
    expect(none.stderr).toMatch(/none was named: give it with --key-store FILE/);

    const before = (await rows()).map((r) => (JSON.parse(r.body) as { hash: string }).hash);
    const r = await runCli(
      ['erase', '--subject', log.subjectId, ...privacyOfficer, '--key-store', keyFile, '--store', urlFor(schema)],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Erased the personal data of subject ${log.subjectId} in 1 complaint: ${id}`);
    expect(r.stdout).toMatch(/Verified: OK 5 events in 1 complaint/);
    const after = await rows();
    expect(after.map((row) => (JSON.parse(row.body) as { hash: string }).hash).slice(0, before.length)).toEqual(before);
    expect(after.some((row) => row.body.includes('PersonalDataErased'))).toBe(true);
    // No row's text holds the erased values, and no remaining key brings them back.
    for (const v of personal) expect(after.some((row) => row.body.includes(v))).toBe(false);
    const verified = await runCli(['verify', '--store', urlFor(schema)]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    const audit = await runCli(['audit', id, '--reveal', '--key-store', keyFile, '--store', urlFor(schema)], env);
    expect(audit.code, audit.stderr).toBe(0);
    expect(audit.stdout).toContain('Note: (erased)');
    for (const v of personal) expect(audit.stdout).not.toContain(v);
    const other = await runCli(
      ['replay', log.other, '--reveal', '--json', '--key-store', keyFile, '--store', urlFor(schema)],
      env,
    );
    expect((JSON.parse(other.stdout) as { summary: string }).summary).toBe(OTHER.summary);
    const keys = subjectKeys({ store: sqliteKeyStore({ path: keyFile }), kek: secretKek(secret) });
    expect(isErased(await keys.get(log.subjectId))).toBe(true);
    await keys.close();
  });

  test("a role not allowed and an unknown complaint: the engine's codes, nothing appended", async () => {
    const count = (await rows()).length;
    const forbidden = await runCli(
      ['erase', log.other, '--actor', 'a-7', '--role', 'agent', '--reason', 'r', '--key-store', keyFile],
      { ...env, REDRESS_STORE: urlFor(schema) },
    );
    expect(forbidden.code, forbidden.stderr).toBe(6);
    expect(forbidden.stderr).toMatch(/role "agent" may not erase personal data/);
    const missing = await runCli(
      ['erase', 'C-404', ...privacyOfficer, '--key-store', keyFile, '--store', urlFor(schema)],
      env,
    );
    expect(missing.code, missing.stderr).toBe(4);
    expect((await rows()).length).toBe(count);
  });
});
