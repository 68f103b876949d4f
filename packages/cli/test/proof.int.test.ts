import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sqliteStore } from '@redress/store-sqlite';
import { checkProof, generateNoteKey, noteVerifier } from '@redress/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { EXIT } from '../src/cli/exitCodes';
import { seedSigned } from './support/attacks';
import { tempDir } from './support/files';
import { runInProcess } from './support/inProcess';
import { runCli } from './support/runCli';

let dir: string;
let db: string;
let keys: { checkpoint: string; publicKey: string };

beforeAll(async () => {
  dir = tempDir();
  db = join(dir, 'complaints.db');
  const store = sqliteStore({ path: db });
  keys = await seedSigned(store, dir);
  await store.close();
});

const vkey = () => readFileSync(keys.publicKey, 'utf8').trim();

describe('redress prove and check-proof, as real processes', () => {
  test('prove writes a proof without personal data; check-proof checks it with the public key alone', async () => {
    const file = join(dir, 'C-1.proof.json');
    const proved = await runCli([
      'prove',
      'C-1',
      '--store',
      db,
      '--checkpoint',
      keys.checkpoint,
      '--public-key',
      keys.publicKey,
      '--out',
      file,
    ]);
    expect(proved.code, proved.stderr).toBe(EXIT.ok);
    expect(proved.stdout).toContain(`Check it without the log: redress check-proof ${file} --public-key ${vkey()}`);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('王芳');
    expect(text).not.toContain('138 0000');
    const checked = await runCli(['check-proof', file, '--public-key', vkey()]);
    expect(checked.code, checked.stderr).toBe(EXIT.ok);
    expect(checked.stdout).toMatch(
      /^OK C-1: 14 events proven in the tree of complaints\.example\.com\/log at 42 events/,
    );
    expect(checked.stdout).toMatch(/v1 +ComplaintReceived +leaf 0 +in the tree; personal data withheld/);
  });
});

describe('check-proof refuses what does not check out', () => {
  test('a changed amount or another key exits 1; a file that is no proof exits 6; --personal-data puts it in', async () => {
    const file = join(dir, 'full.proof.json');
    expect(
      (
        await runInProcess([
          'prove',
          'C-1',
          '--store',
          db,
          '--checkpoint',
          keys.checkpoint,
          '--out',
          file,
          '--personal-data',
        ])
      ).code,
    ).toBe(EXIT.ok);
    const proof = JSON.parse(readFileSync(file, 'utf8'));
    expect(JSON.stringify(proof)).toContain('王芳');
    expect(checkProof(proof, { verifier: noteVerifier(vkey()) }).events.every((e) => e.content === 'checked')).toBe(
      true,
    );
    const entry = proof.events.find(
      (e: { event: { data: { compensation?: unknown } } }) => e.event.data.compensation !== undefined,
    );
    entry.event.data.compensation.amount = 5000;
    writeFileSync(file, JSON.stringify(proof));
    const changed = await runInProcess(['check-proof', file, '--public-key', keys.publicKey]);
    expect(changed.code).toBe(EXIT.verifyFailed);
    expect(changed.text).toMatch(/content does not give its hash/);
    const other = join(dir, 'other.vkey');
    writeFileSync(other, `${generateNoteKey('complaints.example.com/log').verifierKey}\n`);
    const wrongKey = await runInProcess(['check-proof', file, '--public-key', other]);
    expect(wrongKey.code).toBe(EXIT.verifyFailed);
    expect(wrongKey.text).toMatch(/carries no signature of key "complaints.example.com\/log"/);
    writeFileSync(file, '{"format":"something"}');
    expect((await runInProcess(['check-proof', file, '--public-key', keys.publicKey])).code).toBe(EXIT.refused);
  });

  test('the HTML audit carries the proof, as a link to save and the line that checks it', async () => {
    const html = join(dir, 'C-2.html');
    const r = await runInProcess([
      'audit',
      'C-2',
      '--store',
      db,
      '--format',
      'html',
      '--out',
      html,
      '--checkpoint',
      keys.checkpoint,
      '--public-key',
      keys.publicKey,
    ]);
    expect(r.code).toBe(EXIT.ok);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain(`redress check-proof C-2.proof.json --public-key ${vkey()}`);
    const data = /href="data:application\/json;base64,([^"]+)"/.exec(page)?.[1] ?? '';
    expect(
      checkProof(JSON.parse(Buffer.from(data, 'base64').toString()), { verifier: noteVerifier(vkey()) }),
    ).toMatchObject({ ok: true, complaintId: 'C-2' });
  });
});
