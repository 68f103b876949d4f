import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { EXIT } from '../src/cli/exitCodes';
import { createEngine, sequentialIds } from '@redress/core';
import { sqliteStore } from '@redress/store-sqlite';
import { exampleLifecycle } from '@redress/testing';
import { editRows, rechain, seededSqlite, storedBodies, tempDir } from './support/files';
import { steppingClock } from './support/seedStore';
import { runCli } from './support/runCli';

let dir: string;
let db: string;

beforeAll(async () => {
  dir = tempDir();
  db = await seededSqlite(dir);
});

const json = <T>(stdout: string) => JSON.parse(stdout) as T;

describe('redress verify on a SQLite file', () => {
  test('an untouched log verifies: every event of every complaint, exit 0', async () => {
    const r = await runCli(['verify', '--store', db, '--json']);
    expect(r.code).toBe(EXIT.ok);
    const report = json<{ ok: boolean; complaints: number; events: number }>(r.stdout);
    expect(report).toMatchObject({ ok: true, complaints: 3 });
    expect(report.events).toBe(
      storedBodies(db, 'C-1').length + storedBodies(db, 'C-2').length + storedBodies(db, 'C-3').length,
    );
  });

  test('a row whose content was changed is named by complaint and version, exit 1', async () => {
    const copy = await seededSqlite(tempDir());
    const target = storedBodies(copy, 'C-1').find(
      (e) => e.type === 'ComplaintRejected' || e.type === 'InvestigationCompleted',
    );
    if (target === undefined) throw new Error('seed has no investigation');
    editRows(copy, (d) =>
      d
        .prepare("UPDATE events SET body = replace(body, 'Faulty seal', 'Customer misuse') WHERE position = ?")
        .run(target.position),
    );
    const r = await runCli(['verify', '--store', copy, '--json']);
    expect(r.code).toBe(EXIT.verifyFailed);
    const report = json<{ ok: boolean; failures: { streamId: string; version: number; reason: string }[] }>(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]).toMatchObject({ streamId: 'C-1', version: target.version });
    expect(report.failures[0]?.reason).toContain('hash does not match');
    const text = await runCli(['verify', '--store', copy]);
    expect(text.stdout).toContain(`C-1 v${target.version}`);
  });

  test('a re-hashed log with the approval removed is caught by replaying the machine', async () => {
    const copy = await seededSqlite(tempDir());
    const events = storedBodies(copy, 'C-1');
    const firstApproval = events.findIndex((e) => e.type === 'RemedyApproved');
    const doctored = rechain(events.filter((_, i) => i !== firstApproval));
    editRows(copy, (d) => {
      d.prepare("DELETE FROM events WHERE stream_id = 'C-1'").run();
      const put = d.prepare("INSERT INTO events (stream_id, version, event_id, type, body) VALUES ('C-1', ?, ?, ?, ?)");
      for (const e of doctored) put.run(e.version, e.id, e.type, JSON.stringify(e));
    });
    const r = await runCli(['verify', '--complaint', 'C-1', '--store', copy, '--json']);
    expect(r.code).toBe(EXIT.verifyFailed);
    const failure = json<{ failures: { version: number; reason: string }[] }>(r.stdout).failures[0];
    expect(failure?.version).toBe(firstApproval + 1);
    expect(failure?.reason).toBe('RemedyImplemented is not legal in stage "proposal"');
  });

  test('a row that is not JSON is reported with its position', async () => {
    const copy = await seededSqlite(tempDir());
    const victim = storedBodies(copy, 'C-2')[1];
    editRows(copy, (d) =>
      d.prepare('UPDATE events SET body = ? WHERE position = ?').run('{"id": truncated', victim?.position),
    );
    const r = await runCli(['verify', '--store', copy]);
    expect(r.code).toBe(EXIT.verifyFailed);
    expect(r.stdout).toContain(`C-2 v2 (position ${victim?.position})`);
    expect(r.stdout).toContain('not valid JSON');
  });

  test('verifying on several threads finds exactly what one thread finds', async () => {
    const path = join(tempDir(), 'many.db');
    const store = sqliteStore({ path });
    const engine = createEngine({ store, clock: steppingClock(), ids: sequentialIds() });
    for (let i = 1; i <= 40; i++)
      for (const cmd of exampleLifecycle(`C-${String(i).padStart(2, '0')}`)) await engine.execute(cmd);
    await store.close();
    const changed = storedBodies(path, 'C-07')[2];
    const dropped = storedBodies(path, 'C-23')[3];
    const broken = storedBodies(path, 'C-38')[1];
    editRows(path, (d) => {
      d.prepare(
        'UPDATE events SET body = replace(body, \'"version":3\', \'"version":3,"note":"added"\') WHERE position = ?',
      ).run(changed?.position);
      d.prepare('DELETE FROM events WHERE position = ?').run(dropped?.position);
      d.prepare("UPDATE events SET body = '{' WHERE position = ?").run(broken?.position);
    });
    const one = await runCli(['verify', '--store', path, '--workers', '1', '--json']);
    const three = await runCli(['verify', '--store', path, '--workers', '3', '--json']);
    expect(one.code).toBe(EXIT.verifyFailed);
    expect(three.code).toBe(EXIT.verifyFailed);
    const report = json<{ complaints: number; failures: { streamId: string; version: number }[] }>(one.stdout);
    expect(report.complaints).toBe(40);
    expect(report.failures.map((f) => `${f.streamId} v${f.version}`)).toEqual(['C-07 v3', 'C-23 v4', 'C-38 v2']);
    expect(json(three.stdout)).toEqual(report);
    const bad = await runCli(['verify', '--store', path, '--workers', 'many']);
    expect(bad.code).toBe(EXIT.refused);
    expect(bad.stderr).toContain('--workers must be a whole number from 1 to 64');
  });

  test('a reader that closes stdout stops export and verify quietly, with the SIGPIPE status, not a stack trace', async () => {
    for (const args of [
      ['export', '--store', db],
      ['verify', '--store', db, '--json'],
    ]) {
      const r = await runCli(args, {}, { closeStdout: true });
      expect(r.code).toBe(EXIT.readerGone);
      expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    }
  });

  test('a wrong path, a directory and a file that is not a store give clear errors and exit codes', async () => {
    const missing = await runCli(['verify', '--store', join(dir, 'nope.db')]);
    expect(missing.code).toBe(EXIT.unavailable);
    expect(missing.stderr).toContain('No such file');
    const folder = await runCli(['verify', '--store', dir]);
    expect(folder.code).toBe(EXIT.unavailable);
    const text = join(dir, 'notes.db');
    writeFileSync(text, 'just some text, not a database\n'.repeat(200));
    const foreign = await runCli(['verify', '--store', text, '--json']);
    expect(foreign.code).toBe(EXIT.refused);
    expect(json<{ error: { code: string; message: string } }>(foreign.stdout).error.message).toContain(
      'not a Redress SQLite store',
    );
    const none = await runCli(['verify']);
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toContain('--store');
    const usage = await runCli(['verify', '--bogus']);
    expect(usage.code).toBe(EXIT.usage);
  });
});

describe('redress replay and audit on a SQLite file', () => {
  test('replay gives the state at a version, at a time, and refuses what is beyond the log', async () => {
    const v5 = json<{ stage: string; version: number }>(
      (await runCli(['replay', 'C-1', '--version', '8', '--store', db, '--json'])).stdout,
    );
    expect(v5.version).toBe(8);
    const events = storedBodies(db, 'C-1');
    expect(events[7]?.type).toBe('RemedyProposed');
    expect(v5.stage).toBe('proposal');
    const at = events[4]?.occurredAt as string;
    const then = json<{ version: number }>(
      (await runCli(['replay', 'C-1', '--at', at, '--store', db, '--json'])).stdout,
    );
    expect(then.version).toBe(Math.max(...events.filter((e) => e.occurredAt <= at).map((e) => e.version)));
    const beyond = await runCli(['replay', 'C-1', '--version', '99', '--store', db]);
    expect(beyond.code).toBe(EXIT.notFound);
    const unknown = await runCli(['replay', 'C-404', '--store', db]);
    expect(unknown.code).toBe(EXIT.notFound);
    expect(unknown.stderr).toContain('No complaint C-404');
  });

  test('audit: who, role, what, when, time in stages, deadlines met and missed, notifications from the outbox', async () => {
    const r = await runCli(['audit', 'C-1', '--format', 'json', '--store', db]);
    expect(r.code).toBe(EXIT.ok);
    const a = json<{
      timeline: { actor: string; role: string; at: string; what: string }[];
      stages: { stage: string; ms: number | null }[];
      deadlines: { kind: string; outcome: string }[];
      notifications: { channel: string }[];
    }>(r.stdout);
    expect(a.timeline).toHaveLength(storedBodies(db, 'C-1').length);
    expect(a.timeline.map((t) => t.actor)).toEqual(
      expect.arrayContaining(['agent-7', 'handler-2', 'qc-1', 'sup-1', 'sup-2']),
    );
    expect(a.timeline.find((t) => t.actor === 'sup-2')).toMatchObject({
      role: 'supervisor',
      what: 'Approved remedy P2',
    });
    expect(a.stages.filter((s) => s.stage === 'proposal')).toHaveLength(2);
    expect(a.stages.find((s) => s.stage === 'judged')?.ms).toBe(3_600_000);
    expect(Object.fromEntries(a.deadlines.map((d) => [d.kind, d.outcome]))).toEqual({
      acknowledge: 'met',
      decide: 'met',
      resolve: 'missed',
    });
    expect(a.notifications).toHaveLength(3);
    const text = await runCli(['audit', 'C-1', '--store', db]);
    expect(text.stdout).toMatch(/resolve\s+due \S+\s+missed/);
    const bad = await runCli(['audit', 'C-1', '--format', 'pdf', '--store', db]);
    expect(bad.code).toBe(EXIT.refused);
    expect(bad.stderr).toContain('--format must be one of text, json, html');
  });

  test('stats: the statistics table by category and by month', async () => {
    const r = await runCli([
      'stats',
      '--from',
      '2026-03-01',
      '--to',
      '2026-04-01',
      '--by',
      'category',
      '--store',
      db,
      '--json',
    ]);
    expect(r.code).toBe(EXIT.ok);
    const s = json<{ rows: { category: string; received: number; outcomes: Record<string, number> }[] }>(r.stdout);
    expect(s.rows).toHaveLength(1);
    expect(s.rows[0]).toMatchObject({
      category: 'quality',
      received: 3,
      outcomes: { resolved: 1, rejected: 1, withdrawn: 1, open: 0 },
    });
    const empty = json<{ totals: { received: number } }>(
      (await runCli(['stats', '--from', '2025-01-01', '--to', '2025-02-01', '--store', db, '--json'])).stdout,
    );
    expect(empty.totals.received).toBe(0);
    const wrong = await runCli(['stats', '--by', 'colour', '--store', db]);
    expect(wrong.code).toBe(EXIT.refused);
  });

  test('stats --by day|week counts periods in --time-zone; a bad zone is refused', async () => {
    const dayIn = (zone: string, at: string) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
        new Date(at),
      );
    const received = ['C-1', 'C-2', 'C-3'].map((id) => storedBodies(db, id)[0]?.occurredAt as string);
    for (const zone of ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles']) {
      const r = await runCli(['stats', '--by', 'day', '--time-zone', zone, '--store', db, '--json']);
      expect(r.code).toBe(EXIT.ok);
      const s = json<{ timeZone: string; rows: { period: string; received: number }[] }>(r.stdout);
      expect(s.timeZone).toBe(zone);
      const expected = new Map<string, number>();
      for (const at of received) expected.set(dayIn(zone, at), (expected.get(dayIn(zone, at)) ?? 0) + 1);
      expect(Object.fromEntries(s.rows.map((x) => [x.period, x.received]))).toEqual(Object.fromEntries(expected));
    }
    const week = json<{ rows: { period: string; received: number }[] }>(
      (await runCli(['stats', '--by', 'week', '--store', db, '--json'])).stdout,
    );
    // 2026-03-02 is a Monday, in ISO week 10.
    expect(week.rows).toMatchObject([{ period: '2026-W10', received: 3 }]);
    const text = await runCli(['stats', '--by', 'week', '--store', db]);
    expect(text.stdout).toContain('2026-W10');
    const zone = await runCli(['stats', '--by', 'day', '--time-zone', 'Mars/Olympus_Mons', '--store', db]);
    expect(zone.code).toBe(EXIT.refused);
    expect(zone.stderr).toContain('Mars/Olympus_Mons');
  });

  test('stats --explain: the return per period and entity lists the complaints behind each figure', async () => {
    const r = await runCli(['stats', '--return', 'quarter', '--explain', '--store', db, '--json']);
    expect(r.code).toBe(EXIT.ok);
    type Row = { period: string; legalEntity: string; received: { count: number; complaints: string[] } };
    const s = json<{ rows: (Row & { closed: { complaints: string[] }; notUpheld: { complaints: string[] } })[] }>(
      r.stdout,
    );
    expect(s.rows.map((x) => [x.period, x.legalEntity])).toEqual([['2026-Q1', '(none)']]);
    expect(s.rows[0]?.received).toEqual({ count: 3, complaints: ['C-1', 'C-2', 'C-3'] });
    expect(s.rows[0]?.closed.complaints).toHaveLength(3);
    expect(s.rows[0]?.notUpheld.complaints).toHaveLength(1);
    const text = await runCli(['stats', '--explain', '--store', db]);
    expect(text.stdout).toMatch(/received\s+3\s+C-1, C-2, C-3/);
    const both = await runCli(['stats', '--explain', '--by', 'category', '--store', db]);
    expect(both.code).toBe(EXIT.refused);
    const period = await runCli(['stats', '--return', 'fortnight', '--store', db]);
    expect(period.code).toBe(EXIT.refused);
    expect(period.stderr).toContain('"quarter"');
  });
});
