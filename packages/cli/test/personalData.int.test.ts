import { randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createEngine, secretKek, subjectKeys } from '@redress/core';
import { sqliteKeyStore, sqliteStore } from '@redress/store-sqlite';
import { afterAll, describe, expect, test } from 'vitest';
import { editRows, tempDir } from './support/files';
import { encryptedLifecycle, PERSON, personalForms, privateLifecycle } from './support/privateLog';
import { runCli } from './support/runCli';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const expectNone = (output: string, what: string) => {
  for (const value of personalForms()) expect(output, `${what} shows ${value}`).not.toContain(value);
  // Not even a piece: the name's first characters, the phone's digits, the email's local part.
  for (const piece of ['王芳', '13800138000', '0013 8000', 'fang.wang', '8812-3391', '长宁路'])
    expect(output, `${what} shows ${piece}`).not.toContain(piece);
};

describe('reports hold no personal data unless it is asked for (redress as a process, a real SQLite file)', async () => {
  const db = join(dir, 'clear.db');
  const store = sqliteStore({ path: db });
  const id = await privateLifecycle(store);
  await store.close();
  // A row as an earlier release wrote it: its reason quotes the name and the number.
  const old = new Database(db);
  old
    .prepare("UPDATE outbox SET last_error = ? WHERE rowid = (SELECT min(rowid) FROM outbox WHERE status = 'dead')")
    .run(`the message could not be built: recipient "complainant" (${PERSON.name}), "${PERSON.phone}", has 3 digits`);
  old.close();

  test('audit in text, JSON and HTML shows none of the personal values, yet says what happened', async () => {
    for (const format of ['text', 'json', 'html']) {
      const r = await runCli(['audit', id, '--format', format, '--store', db]);
      expect(r.code, r.stderr).toBe(0);
      expectNone(r.stdout, `audit --format ${format}`);
      expect(r.stdout).not.toContain('PERSONAL DATA');
      // The report still tells the story: events, stages, whom notifications went to and why they failed.
      expect(r.stdout).toContain('Faulty seal');
      expect(r.stdout).toContain('complainant');
      if (format !== 'html') expect(r.stdout).toMatch(/\[redacted\] of \[redacted\] is full/);
    }
    const json = JSON.parse((await runCli(['audit', id, '--format', 'json', '--store', db])).stdout) as {
      personalData: string;
      timeline: { type: string; what: string }[];
      notifications: { recipient: string; lastError: string | null }[];
    };
    expect(json.personalData).toBe('hidden');
    expect(json.timeline.find((t) => t.type === 'NoteAdded')?.what).toBe('Note: (personal data, hidden)');
    expect(json.notifications.map((n) => n.recipient)).toContain('complainant');
  });

  test('replay and replay --json show every personal field as { hidden: true }', async () => {
    const text = await runCli(['replay', id, '--store', db]);
    expect(text.code, text.stderr).toBe(0);
    expectNone(text.stdout, 'replay');
    expect(text.stdout).toMatch(/summary {5}\(personal data, hidden\)/);
    const r = await runCli(['replay', id, '--json', '--store', db]);
    expect(r.code, r.stderr).toBe(0);
    expectNone(r.stdout, 'replay --json');
    const state = JSON.parse(r.stdout) as Record<string, unknown> & {
      complainant: Record<string, unknown>;
      followUp: { comment: unknown; satisfaction: number };
    };
    for (const field of ['name', 'phone', 'email', 'address'])
      expect(state.complainant[field]).toEqual({ hidden: true });
    expect(state.summary).toEqual({ hidden: true });
    expect(state.desiredRemedy).toEqual({ hidden: true });
    expect(state.followUp).toEqual(expect.objectContaining({ comment: { hidden: true }, satisfaction: 4 }));
    expect(state.status).toBe('closed');
  });

  test('--reveal shows them, and says so at the top of the output', async () => {
    const text = await runCli(['audit', id, '--reveal', '--store', db]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(/^PERSONAL DATA: this output shows personal data/);
    expect(text.stdout).toContain(PERSON.note);
    const json = await runCli(['replay', id, '--reveal', '--json', '--store', db]);
    const state = JSON.parse(json.stdout) as { personalData: string; notice: string; complainant: { name: string } };
    expect(Object.keys(state).slice(0, 2)).toEqual(['personalData', 'notice']);
    expect(state.complainant.name).toBe(PERSON.name);
    const html = await runCli(['audit', id, '--reveal', '--format', 'html', '--store', db]);
    expect(html.stdout).toMatch(/<body>\n<p id="personal-data" class="warning"><strong>PERSONAL DATA:/);
  });

  test('export stays byte-faithful, and says on stderr that it holds personal data in clear', async () => {
    const r = await runCli(['export', '--store', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(JSON.stringify(PERSON.name).slice(1, -1).replace('\u202e', '\\u202e'));
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Exported 11 events of 1 complaints; 4 of these events hold personal data in clear/);
  });

  test('--key-store and --kek-env without --reveal are refused, not ignored', async () => {
    const r = await runCli(['audit', id, '--key-store', 'x.keys.db', '--store', db]);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('--key-store goes with --reveal');
  });
});

describe('a key-encryption key the app named itself: --kek-id gives its id', async () => {
  const db = join(dir, 'named-kek.db');
  const keyFile = join(dir, 'named-kek.keys.db');
  const secret = randomBytes(32).toString('base64');
  const other = randomBytes(32).toString('base64');
  const store = sqliteStore({ path: db });
  const keys = subjectKeys({ store: sqliteKeyStore({ path: keyFile }), kek: secretKek(secret, { id: 'prod-2026' }) });
  const engine = createEngine({ store, privacy: { keys } });
  const { complaintId: id } = await engine.execute({
    type: 'receive',
    actor: { id: 'agent-7', role: 'agent' },
    channel: 'phone',
    category: 'quality',
    complainant: { name: PERSON.name, phone: PERSON.phone },
    summary: PERSON.summary,
  });
  await keys.close();
  await store.close();
  const env = { REDRESS_KEK: secret, NEXT: other };
  const revealed = async (...options: string[]) => {
    const r = await runCli(['replay', id, '--reveal', '--json', ...options, '--store', db], env);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { complainant: { name: unknown } }).complainant.name;
  };

  test('without --kek-id the keys are refused, and the message names the option and the id to give', async () => {
    const r = await runCli(['replay', id, '--reveal', '--store', db], env);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/wrapped by key-encryption key prod-2026, but this keyring has kek-[0-9a-f]{16}/);
    expect(r.stderr).toMatch(/give the id: --kek-id "prod-2026"$/m);
    expect(r.stderr).not.toContain(secret);
    expect(r.stdout).toBe('');
  });

  test('with it, --reveal decrypts; keys rewrap moves the keys to a new id; erase destroys them', async () => {
    expect(await revealed('--kek-id', 'prod-2026')).toBe(PERSON.name);
    const rewrap = await runCli(
      [
        'keys',
        'rewrap',
        '--key-store',
        keyFile,
        '--kek-id',
        'prod-2026',
        '--new-kek-env',
        'NEXT',
        '--new-kek-id',
        'prod-2027',
        '--json',
      ],
      { ...env, NEXT: other },
    );
    expect(rewrap.code, rewrap.stderr).toBe(0);
    expect(JSON.parse(rewrap.stdout)).toEqual(
      expect.objectContaining({ ok: true, from: 'prod-2026', to: 'prod-2027' }),
    );
    expect(await revealed('--kek-env', 'NEXT', '--kek-id', 'prod-2027')).toBe(PERSON.name);
    const erase = [
      'erase',
      id,
      '--actor',
      'dpo-1',
      '--role',
      'privacy-officer',
      '--reason',
      'DSR-7',
      '--kek-env',
      'NEXT',
    ];
    const refused = await runCli([...erase, '--store', db], { NEXT: other });
    expect(refused.code).toBe(6);
    expect(refused.stderr).toMatch(/--kek-id "prod-2027"/);
    const erased = await runCli([...erase, '--kek-id', 'prod-2027', '--store', db], { NEXT: other });
    expect(erased.code, erased.stderr).toBe(0);
    expect(await revealed('--kek-env', 'NEXT', '--kek-id', 'prod-2027')).toEqual({ erased: true });
  });
});

describe('an encrypted log: ciphertext is never printed; --reveal decrypts with the key store and the KEK', async () => {
  const db = join(dir, 'encrypted.db');
  const keyFile = join(dir, 'encrypted.keys.db');
  const secret = randomBytes(32).toString('base64');
  const store = sqliteStore({ path: db });
  const { complaintId: id, events } = await encryptedLifecycle(store, keyFile, secret);
  await store.close();
  const ciphertexts = events.flatMap(
    (e) =>
      JSON.stringify(e.data)
        .match(/"ct":"[^"]+"/g)
        ?.map((m) => m.slice(6, -1)) ?? [],
  );
  const env = { SECRET_OF_TEST: secret };

  test('the file holds no personal value in clear (the test would prove nothing otherwise)', () => {
    expect(ciphertexts.length).toBeGreaterThan(5);
    const bytes = Buffer.concat([
      readFileSync(db),
      ...(() => {
        try {
          return [readFileSync(`${db}-wal`)];
        } catch {
          return [];
        }
      })(),
    ]);
    for (const value of Object.values(PERSON)) expect(bytes.includes(Buffer.from(value))).toBe(false);
  });

  test('export carries the ciphertext as stored, with no note: nothing in it is in clear', async () => {
    const r = await runCli(['export', '--store', db]);
    expect(r.code, r.stderr).toBe(0);
    for (const ct of ciphertexts) expect(r.stdout).toContain(ct);
    expectNone(r.stdout, 'export of an encrypted log');
    expect(r.stderr.trim()).toBe('Exported 11 events of 1 complaints');
  });

  test('audit and replay without --reveal show a marker, never plaintext or ciphertext', async () => {
    for (const args of [
      ['audit', id, '--format', 'text'],
      ['audit', id, '--format', 'json'],
      ['audit', id, '--format', 'html'],
      ['replay', id, '--json'],
      ['replay', id],
    ]) {
      const r = await runCli([...args, '--store', db]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expectNone(r.stdout, args.join(' '));
      for (const ct of ciphertexts) expect(r.stdout).not.toContain(ct);
      expect(r.stdout).not.toContain('$enc');
    }
    const state = JSON.parse((await runCli(['replay', id, '--json', '--store', db])).stdout) as {
      complainant: { name: unknown };
      summary: unknown;
    };
    expect(state.complainant.name).toEqual({ hidden: true });
    expect(state.summary).toEqual({ hidden: true });
  });

  test('--reveal with the key store and the KEK prints the values, under the notice', async () => {
    const r = await runCli(
      ['audit', id, '--reveal', '--key-store', keyFile, '--kek-env', 'SECRET_OF_TEST', '--store', db],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^PERSONAL DATA: /);
    expect(r.stdout).toContain(PERSON.note);
    expect(r.stdout).toContain('Received by phone (quality): Kettle leaks');
    const json = await runCli(
      [
        'audit',
        id,
        '--format',
        'json',
        '--reveal',
        '--key-store',
        keyFile,
        '--kek-env',
        'SECRET_OF_TEST',
        '--store',
        db,
      ],
      env,
    );
    const report = JSON.parse(json.stdout) as { notice: string; personalData: string; timeline: { what: string }[] };
    expect(Object.keys(report).slice(0, 2)).toEqual(['notice', 'personalData']);
    expect(report.notice).toMatch(/^PERSONAL DATA: /);
    expect(report.personalData).toBe('revealed');
    expect(report.timeline.map((t) => t.what)).toContain(`Note: ${PERSON.note}`);
    const replay = await runCli(
      ['replay', id, '--reveal', '--json', '--key-store', keyFile, '--kek-env', 'SECRET_OF_TEST', '--store', db],
      env,
    );
    expect(replay.code, replay.stderr).toBe(0);
    const state = JSON.parse(replay.stdout) as { complainant: Record<string, unknown>; summary: unknown };
    expect(state.complainant).toEqual({
      name: PERSON.name,
      phone: PERSON.phone,
      email: PERSON.email,
      address: PERSON.address,
    });
    expect(state.summary).toBe(PERSON.summary);
  });

  test('the key file beside the store and $REDRESS_KEK are the defaults', async () => {
    const r = await runCli(['replay', id, '--reveal', '--store', db], { REDRESS_KEK: secret });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(PERSON.summary.replace(/"/g, '"'));
  });

  test('a wrong KEK, a missing secret, no keys at all: a clear message and exit 6, no stack trace, no secret', async () => {
    const wrong = randomBytes(32).toString('base64');
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [
        ['--key-store', keyFile, '--kek-env', 'K'],
        { K: wrong },
        /wrapped by key-encryption key kek-[0-9a-f]{16}, but this keyring has kek-[0-9a-f]{16}; supply the key-encryption key/,
      ],
      [['--key-store', keyFile, '--kek-env', 'K'], {}, /set K to it \(base64 of 32 bytes\)/],
      [['--key-store', keyFile, '--kek-env', 'K'], { K: 'not a secret' }, /The key-encryption key in K is not one/],
      [['--key-store', join(dir, 'none.keys.db')], {}, /no such key file/],
    ];
    for (const [options, env, message] of cases) {
      const r = await runCli(['audit', id, '--reveal', ...options, '--store', db], env);
      expect(r.code, r.stderr).toBe(6);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toContain(wrong);
      expect(r.stdout).toBe('');
    }
    // No key file beside a copy of the events: --reveal says the log needs keys.
    const copy = join(dir, 'copy.db');
    const source = new Database(db, { readonly: true });
    await source.backup(copy);
    source.close();
    const r = await runCli(['audit', id, '--reveal', '--store', copy]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(
      /holds encrypted personal data; to show it, --reveal needs the keys: --key-store FILE \(or postgres:\/\/…\) and --kek-env NAME/,
    );
  });

  test('--kek-id goes with --reveal and a key store, and a malformed one is refused naming it', async () => {
    const alone = await runCli(['audit', id, '--kek-id', 'prod-2026', '--store', db]);
    expect(alone.code).toBe(6);
    expect(alone.stderr).toMatch(/--kek-id goes with --reveal/);
    const hostile = await runCli(
      ['audit', id, '--reveal', '--key-store', keyFile, '--kek-id', 'prod\u001b[2J\n', '--store', db],
      { REDRESS_KEK: secret },
    );
    expect(hostile.code).toBe(6);
    expect(hostile.stderr).toMatch(/^redress: --kek-id is not a key-encryption key id/);
    expect(hostile.stderr).not.toMatch(/\u001b/);
    expect(hostile.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('an audit with its proof carries no ciphertext, and the proof still checks out', async () => {
    const { generateNoteKey, noteSigner, signCheckpoint } = await import('@redress/core');
    const signed = join(dir, 'signed.db');
    const s = sqliteStore({ path: signed });
    const log = await encryptedLifecycle(s, join(dir, 'signed.keys.db'), secret);
    const size = await s.merkle.size();
    const key = generateNoteKey('complaints.example.com/log');
    const checkpoint = join(dir, 'signed-checkpoint.txt');
    writeFileSync(
      checkpoint,
      signCheckpoint(
        { origin: 'complaints.example.com/log', size, rootHash: await s.merkle.root(size), extensions: [] },
        noteSigner(key.signerKey),
      ),
    );
    await s.close();
    const sealed = log.events.flatMap((e) => JSON.stringify(e.data).match(/"ct":"[^"]+"/g) ?? []);
    for (const format of ['json', 'html']) {
      const r = await runCli([
        'audit',
        log.complaintId,
        '--format',
        format,
        '--checkpoint',
        checkpoint,
        '--public-key',
        key.verifierKey,
        '--store',
        signed,
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toContain('$enc');
      // The HTML page carries the proof as base64 too.
      const page =
        format === 'html' ? Buffer.from(/base64,([^"]+)"/.exec(r.stdout)?.[1] ?? '', 'base64').toString() : '';
      for (const ct of sealed) {
        expect(r.stdout).not.toContain(ct.slice(6, -1));
        expect(page).not.toContain(ct.slice(6, -1));
      }
      if (format === 'json') {
        const proof = (JSON.parse(r.stdout) as { proof: { events: { withheld: string[] }[] } }).proof;
        expect(proof.events[0]?.withheld).toEqual(expect.arrayContaining(['data.complainant.name', 'data.summary']));
        const file = join(dir, 'signed.proof.json');
        writeFileSync(file, JSON.stringify(proof));
        const checked = await runCli(['check-proof', file, '--public-key', key.verifierKey]);
        expect(checked.code, checked.stdout + checked.stderr).toBe(0);
      }
    }
  });

  test('a ciphertext moved to another field does not decrypt: a damaged log, exit 5, and nothing revealed', async () => {
    const moved = join(dir, 'moved.db');
    const source = new Database(db, { readonly: true });
    await source.backup(moved);
    source.close();
    copyFileSync(keyFile, join(dir, 'moved.keys.db'));
    editRows(moved, (d) =>
      d
        .prepare(
          "UPDATE events SET body = json_set(body, '$.data.desiredRemedy', json_extract(body, '$.data.summary')) WHERE stream_id = ? AND version = 1",
        )
        .run(id),
    );
    const r = await runCli(['audit', id, '--reveal', '--store', moved], { REDRESS_KEK: secret });
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toMatch(
      /The encrypted field desiredRemedy of ComplaintReceived \(version 1 of C-1\) .*altered, or copied from another event or field/,
    );
    expect(r.stdout).toBe('');
    expectNone(r.stderr, 'the error');
  });

  test('a log in clear reveals without the secret, even with a key file beside it', async () => {
    const clearDb = join(dir, 'clear-with-keys.db');
    const s = sqliteStore({ path: clearDb });
    const clearId = await privateLifecycle(s);
    await s.close();
    copyFileSync(keyFile, join(dir, 'clear-with-keys.keys.db'));
    const r = await runCli(['replay', clearId, '--reveal', '--json', '--store', clearDb]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { summary: string }).summary).toBe(PERSON.summary);
  });

  test('an erased subject shows as erased with --reveal', async () => {
    const { secretKek, subjectKeys } = await import('@redress/core');
    const { sqliteKeyStore } = await import('@redress/store-sqlite');
    const erasedDb = join(dir, 'erased.db');
    const erasedKeys = join(dir, 'erased.keys.db');
    const s = sqliteStore({ path: erasedDb });
    const log = await encryptedLifecycle(s, erasedKeys, secret, 'S-erased');
    await s.close();
    const keys = subjectKeys({ store: sqliteKeyStore({ path: erasedKeys }), kek: secretKek(secret) });
    await keys.destroy(log.subjectId);
    await keys.close();
    const r = await runCli(['replay', log.complaintId, '--reveal', '--json', '--store', erasedDb], {
      REDRESS_KEK: secret,
    });
    expect(r.code, r.stderr).toBe(0);
    const state = JSON.parse(r.stdout) as { complainant: Record<string, unknown>; summary: unknown; status: string };
    expect(state.complainant.name).toEqual({ erased: true });
    expect(state.summary).toEqual({ erased: true });
    expect(state.status).toBe('closed');
    const audit = await runCli(['audit', log.complaintId, '--reveal', '--store', erasedDb], { REDRESS_KEK: secret });
    expect(audit.stdout).toContain('Note: (erased)');
    expectNone(audit.stdout, 'audit of an erased subject');
  });
});
