import { closeSync, existsSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, test } from 'vitest';
import { EXIT } from '../src/cli/exitCodes';
import { tempDir } from './support/files';
import { sqliteWithComplaints } from './support/manyComplaints';
import { runCli, type CliRun } from './support/runCli';

let db: string;
/** A complaint with events on the damaged page. */
let victim: string;

/**
 * Overwrite one leaf page of the events table, in the middle of the file, as a
 * failing disk or a careless copy would: SQLite then answers "database disk image
 * is malformed" when a read reaches it. Returns the streams whose rows can no
 * longer be read.
 */
const damageMiddlePage = (path: string): string[] => {
  const probe = new Database(path, { readonly: true });
  const pageSize = probe.pragma('page_size', { simple: true }) as number;
  const leaves = probe
    .prepare("SELECT pageno FROM dbstat WHERE name = 'events' AND pagetype = 'leaf' ORDER BY pageno")
    .pluck()
    .all() as number[];
  const streams = probe.prepare('SELECT DISTINCT stream_id FROM events ORDER BY stream_id').pluck().all() as string[];
  probe.close();
  expect(leaves.length).toBeGreaterThan(20);
  const page = leaves[Math.floor(leaves.length / 2)] as number;
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);
  const check = new Database(path, { readonly: true });
  const unreadable = streams.filter((id) => {
    try {
      check.prepare('SELECT body FROM events WHERE stream_id = ?').all(id);
      return false;
    } catch (error) {
      expect((error as { code?: string }).code).toBe('SQLITE_CORRUPT');
      return true;
    }
  });
  check.close();
  return unreadable;
};

/** What a person should see: exit 5 and one line on stderr that names the damage and what to do, no stack trace. */
const damaged = (r: CliRun, what: string) => {
  expect(r.code, `${what}: ${r.stderr}`).toBe(EXIT.tampered);
  expect(r.stderr.trimEnd().split('\n'), what).toHaveLength(1);
  expect(r.stderr, what).not.toMatch(/\n\s+at |SqliteError/);
  expect(r.stderr, what).toContain(`SQLite file ${db} is damaged (database disk image is malformed)`);
  expect(r.stderr, what).toContain('Restore it from a backup');
  expect(r.stderr, what).toContain('.recover');
};

beforeAll(async () => {
  db = await sqliteWithComplaints(tempDir(), 60);
  // All in the main file, none left in a -wal beside it.
  expect(existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0).toBe(0);
  const unreadable = damageMiddlePage(db);
  expect(unreadable.length).toBeGreaterThan(0);
  victim = unreadable[0] as string;
}, 120_000);

describe('a SQLite file with a damaged page', () => {
  test('stops verify, on one thread and on several, with exit 5 and what to do', async () => {
    const runs = await Promise.all([
      runCli(['verify', '--store', db]),
      runCli(['verify', '--store', db, '--workers', '3']),
      runCli(['verify', '--store', db, '--json']),
      runCli(['verify', '--complaint', victim, '--store', db]),
    ]);
    for (const [i, r] of runs.entries()) damaged(r, `verify run ${i}`);
    expect(JSON.parse(runs[2]?.stdout ?? '')).toMatchObject({ ok: false, error: { code: 'TAMPERED' } });
  });

  test('stops export with exit 5, leaving nothing at --out; and replay, audit and stats the same way', async () => {
    const out = tempDir();
    const runs = await Promise.all([
      runCli(['export', '--out', join(out, 'backup.ndjson'), '--store', db]),
      runCli(['export', '--store', db]),
      runCli(['replay', victim, '--store', db]),
      runCli(['audit', victim, '--store', db]),
      runCli(['stats', '--store', db]),
    ]);
    for (const [i, r] of runs.entries()) damaged(r, `run ${i}`);
    expect(readdirSync(out)).toEqual([]);
  });
});
