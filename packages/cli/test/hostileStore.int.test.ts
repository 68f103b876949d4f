import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { EXIT } from '../src/cli/exitCodes';
import { visibleText } from '../src/text/visibleText';
import { editRows, lines, seededSqlite, storedBodies, tempDir } from './support/files';
import { runCli, type CliRun } from './support/runCli';

/**
 * A stream id as someone with write access to the file could leave it: on a
 * terminal it would move up a line, erase it and print a fake verdict there
 * (with ESC, and with the one-byte CSI U+009B), reverse what follows, and
 * start a forged line of its own. (No NUL, which no command line can carry: the
 * outbox gets one.)
 */
const HOSTILE =
  'C-9\u001b[1A\u001b[2K\rOK 99 events in 9 complaints: everything checks out\u009b1A\u202e\u2066\n  C-1 v1: forged';
const SHOWN = visibleText(HOSTILE);

/** What must never reach a terminal raw: control characters but the line break, separators, bidi controls. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Nothing raw in any of the run's output, and stderr (when it says anything) one line. */
const clean = (r: CliRun, what: string) => {
  expect(r.stdout, `${what}: stdout`).not.toMatch(RAW);
  expect(r.stderr, `${what}: stderr`).not.toMatch(RAW);
  if (r.stderr !== '') expect(r.stderr.trimEnd().split('\n'), `${what}: stderr`).toHaveLength(1);
};

let dir: string;
let db: string;

beforeAll(async () => {
  dir = tempDir();
  db = await seededSqlite(dir);
  // An event of C-2 copied under the hostile id, past the triggers that would refuse a row that is not what its body says.
  const [first] = storedBodies(db, 'C-2');
  const { position: _p, ...event } = first as NonNullable<typeof first>;
  editRows(db, (d) => {
    d.prepare('INSERT INTO events (stream_id, version, event_id, type, body) VALUES (?, 1, ?, ?, ?)').run(
      HOSTILE,
      'E-hostile',
      event.type,
      JSON.stringify({ ...event, id: 'E-hostile', streamId: HOSTILE }),
    );
    d.prepare("UPDATE outbox SET channel = ?, last_error = ? WHERE stream_id = 'C-1'").run(HOSTILE, `${HOSTILE}\u0000`);
  });
});

describe('text from the store reaches no output raw', () => {
  test('verify names the hostile stream escaped on one line of its own, on one thread and on several, and intact in JSON', async () => {
    const [text, threads, json] = await Promise.all([
      runCli(['verify', '--store', db]),
      runCli(['verify', '--store', db, '--workers', '2']),
      runCli(['verify', '--store', db, '--json']),
    ]);
    for (const [r, what] of [
      [text, 'verify'],
      [threads, 'verify --workers 2'],
      [json, 'verify --json'],
    ] as const) {
      expect(r.code, what).toBe(EXIT.verifyFailed);
      clean(r, what);
    }
    const shown = text.stdout.trimEnd().split('\n');
    expect(shown).toHaveLength(2);
    expect(shown[0]).toMatch(/^FAILED 1 of 4 complaints/);
    expect(shown[1]?.startsWith(`  ${SHOWN} v1 (event E-hostile, position `)).toBe(true);
    expect(threads.stdout).toBe(text.stdout);
    const report = JSON.parse(json.stdout) as { failures: { streamId: string }[] };
    expect(report.failures.map((f) => f.streamId)).toEqual([HOSTILE]);
  });

  test('export writes the hostile id as JSON escapes that read back to it; import of that export is refused naming it escaped', async () => {
    const exported = join(dir, 'hostile.ndjson');
    const [toStdout, toFile] = await Promise.all([
      runCli(['export', '--store', db]),
      runCli(['export', '--out', exported, '--store', db]),
    ]);
    for (const [r, what] of [
      [toStdout, 'export'],
      [toFile, 'export --out'],
    ] as const) {
      expect(r.code, what).toBe(EXIT.ok);
      clean(r, what);
    }
    expect(lines(exported).join('\n')).not.toMatch(RAW);
    expect(lines(exported).filter((l) => (JSON.parse(l) as { streamId: string }).streamId === HOSTILE)).toHaveLength(1);
    expect(toStdout.stdout.trimEnd().split('\n')).toEqual(lines(exported));

    const [imported, importedJson] = await Promise.all([
      runCli(['import', exported, '--store', join(dir, 'target.db')]),
      runCli(['import', exported, '--store', join(dir, 'target-json.db'), '--json']),
    ]);
    for (const [r, what] of [
      [imported, 'import'],
      [importedJson, 'import --json'],
    ] as const) {
      expect(r.code, what).toBe(EXIT.tampered);
      clean(r, what);
    }
    expect(imported.stderr).toContain(`: ${SHOWN} v1 `);
    expect(imported.stderr).toContain('nothing was imported');
    expect((JSON.parse(importedJson.stdout) as { error: { message: string } }).error.message).toContain(
      `: ${HOSTILE} v1 `,
    );
  });

  test('replay, audit and stats of a hostile store, or of the hostile id, print nothing raw', async () => {
    const runs = await Promise.all(
      [
        ['replay', HOSTILE],
        ['audit', HOSTILE],
        ['audit', HOSTILE, '--format', 'json'],
        ['audit', 'C-1'],
        ['audit', 'C-1', '--format', 'json'],
        ['stats'],
        ['stats', '--by', 'department'],
        ['stats', '--json'],
      ].map((args) => runCli([...args, '--store', db]).then((r) => [r, args.join(' ')] as const)),
    );
    for (const [r, what] of runs) clean(r, what);
    const [, , , auditText, auditJson] = runs.map(([r]) => r);
    expect(auditText?.code).toBe(EXIT.ok);
    expect(auditText?.stdout).toContain(`  ${SHOWN} to customer [ComplaintAcknowledged]: queued`);
    const notifications = (JSON.parse(auditJson?.stdout ?? '') as { notifications: { channel: string }[] })
      .notifications;
    expect(notifications.map((n) => n.channel)).toEqual([HOSTILE, HOSTILE, HOSTILE]);
  });
});
