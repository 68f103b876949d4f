import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sqliteStore } from '@redress/store-sqlite';
import { beforeAll, describe, expect, test } from 'vitest';
import { dropGuards } from '../../store-sqlite/src/test/dropGuards';
import { EXIT } from '../src/cli/exitCodes';
import { ATTACKS, seedSigned, type RowAccess, type Row } from './support/attacks';
import { tempDir } from './support/files';
import { runInProcess } from './support/inProcess';
import { runCli } from './support/runCli';
import { visibleText } from '../src/text/visibleText';

let dir: string;
let seeded: string;
let keys: { checkpoint: string; publicKey: string; events: number };

beforeAll(async () => {
  dir = tempDir();
  seeded = join(dir, 'seeded.db');
  const store = sqliteStore({ path: seeded });
  keys = await seedSigned(store, dir);
  await store.close();
});

/** The rows of a store file, changed as someone with write access to it would: the guard triggers dropped first. */
const access = (db: Database.Database): RowAccess => ({
  rows: async (streamId) =>
    (
      db.prepare('SELECT position, body FROM events WHERE stream_id = ? ORDER BY version').all(streamId) as {
        position: number;
        body: string;
      }[]
    ).map((r) => ({ ...(JSON.parse(r.body) as object), position: r.position }) as Row),
  setBody: async (streamId, version, body) =>
    void db.prepare('UPDATE events SET body = ? WHERE stream_id = ? AND version = ?').run(body, streamId, version),
  run: async (sql) => void db.exec(sql),
  swapPositions: async (a, b) => {
    db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(a);
    db.prepare('UPDATE events SET position = ? WHERE position = ?').run(a, b);
    db.prepare('UPDATE events SET position = ? WHERE position = -1').run(b);
  },
});

const attacked = async (name: string, attack: (db: RowAccess) => Promise<void>): Promise<string> => {
  const path = join(dir, `${name}.db`);
  copyFileSync(seeded, path);
  const db = new Database(path);
  try {
    dropGuards(db);
    await attack(access(db));
  } finally {
    db.close();
  }
  return path;
};

type Report = {
  ok: boolean;
  trusted: { ok: boolean; findings: { kind: string; streamId?: string; message: string }[]; agreedThrough: number };
};

describe('redress verify --trusted on a SQLite file, as a real process', () => {
  test('the untouched store extends its signed checkpoint: exit 0', async () => {
    const r = await runCli([
      'verify',
      '--store',
      seeded,
      '--trusted',
      keys.checkpoint,
      '--public-key',
      keys.publicKey,
      '--json',
    ]);
    expect(r.code).toBe(EXIT.ok);
    expect((JSON.parse(r.stdout) as Report).trusted).toMatchObject({
      ok: true,
      findings: [],
      agreedThrough: keys.events,
    });
  });

  test.each(ATTACKS.map((a, i) => [a.name, i] as const))('%s: found, named, exit 1', async (_, i) => {
    const attack = ATTACKS[i]!;
    const path = await attacked(`attack-${i}`, (db) => attack.do(db));
    const r = await runCli([
      'verify',
      '--store',
      path,
      '--trusted',
      keys.checkpoint,
      '--public-key',
      keys.publicKey,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(EXIT.verifyFailed);
    const { trusted } = JSON.parse(r.stdout) as Report;
    expect(trusted.ok).toBe(false);
    expect(trusted.findings[0]?.kind).toBe(attack.kind);
    if (attack.kind !== 'deleted') expect(trusted.findings[0]?.streamId).toBe('C-2');
    // Without the checkpoint, only the edit that was not re-hashed is found.
    const plain = await runInProcess(['verify', '--store', path, '--json']);
    expect(plain.code).toBe(attack.plainVerifyFinds ? EXIT.verifyFailed : EXIT.ok);
  });
});

describe('redress verify --trusted, in this process', () => {
  test('an export is checked against the checkpoint too, in the positions its lines carry', async () => {
    const exported = join(dir, 'log.ndjson');
    expect((await runInProcess(['export', '--store', seeded, '--out', exported])).code).toBe(EXIT.ok);
    const r = await runInProcess([
      'verify',
      '--store',
      exported,
      '--trusted',
      keys.checkpoint,
      '--public-key',
      keys.publicKey,
      '--json',
    ]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.data).toMatchObject({
      trusted: { ok: true, agreedThrough: keys.events, notes: [expect.stringMatching(/no Merkle tree of its own/)] },
    });
  });

  test('a hostile stream id in a finding is shown escaped, each finding on one line', async () => {
    const hostile = 'C-9\u001b[1A\u001b[2K\rOK everything checks out\u009b1A\u202e\n  forged: line';
    const path = join(dir, 'hostile.db');
    copyFileSync(seeded, path);
    const db = new Database(path);
    const first = (await access(db).rows('C-2'))[0] as Row;
    const { position: _p, ...event } = first;
    dropGuards(db);
    db.prepare("INSERT INTO events (stream_id, version, event_id, type, body) VALUES (?, 1, 'E-x', ?, ?)").run(
      hostile,
      event.type,
      JSON.stringify({ ...event, id: 'E-x', streamId: hostile }),
    );
    db.close();
    const r = await runInProcess([
      'verify',
      '--store',
      path,
      '--trusted',
      keys.checkpoint,
      '--public-key',
      keys.publicKey,
    ]);
    expect(r.code).toBe(EXIT.verifyFailed);
    expect(r.text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    const findings = r.text.split('\n').filter((l) => l.startsWith('  edited:'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toContain(visibleText(hostile));
  });
});
