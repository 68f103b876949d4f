import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { EXIT } from '../src/cli/exitCodes';
import { editRows, seededSqlite, storedBodies, tempDir } from './support/files';
import { sqliteWithComplaints } from './support/manyComplaints';
import { runCli, type CliRun } from './support/runCli';

let dir: string;
let db: string;

beforeAll(async () => {
  dir = tempDir();
  db = await seededSqlite(dir);
});

/** One line on stderr, no stack trace: what a person should see when they got something wrong. */
const oneLine = (r: CliRun) => {
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at |ERR_/);
};

describe('export --out from a damaged store', () => {
  test('a row that is not JSON stops the export with exit 5 and one message, leaving neither the file nor a partial one', async () => {
    // Damage early in a small store (the file may not be open yet) and late in a larger one (writes are in flight).
    const small = await seededSqlite(tempDir());
    const large = await sqliteWithComplaints(tempDir(), 40);
    for (const [store, streamId] of [
      [small, 'C-1'],
      [large, 'C-30'],
    ] as const) {
      const victim = storedBodies(store, streamId)[1];
      editRows(store, (d) => d.prepare("UPDATE events SET body = '{oops' WHERE position = ?").run(victim?.position));
      const outDir = tempDir();
      const r = await runCli(['export', '--out', join(outDir, 'out.ndjson'), '--store', store]);
      expect(r.code).toBe(EXIT.tampered);
      expect(r.stderr).toContain(`${streamId} at position ${victim?.position} is not valid JSON`);
      oneLine(r);
      expect(readdirSync(outDir)).toEqual([]);
    }
  });
});

describe('an --out path that cannot be written', () => {
  test('a missing folder or a directory is refused with exit 6 and a message that says what to fix, writing nothing', async () => {
    const outDir = tempDir();
    const missing = join(outDir, 'no-such-folder', 'out');
    const runs = await Promise.all([
      runCli(['audit', 'C-1', '--format', 'html', '--out', `${missing}.html`, '--store', db]),
      runCli(['export', '--out', `${missing}.ndjson`, '--store', db]),
      runCli(['audit', 'C-1', '--format', 'html', '--out', outDir, '--store', db]),
      runCli(['export', '--out', outDir, '--store', db]),
    ]);
    for (const [i, r] of runs.entries()) {
      expect(r.code).toBe(EXIT.refused);
      oneLine(r);
      expect(r.stderr).toContain(
        i < 2 ? `the folder ${join(outDir, 'no-such-folder')} does not exist` : `${outDir} is a directory`,
      );
    }
    expect(readdirSync(outDir)).toEqual([]);
    expect(readdirSync(join(outDir, '..')).filter((f) => f.startsWith(`${outDir.split('/').at(-1)}.partial-`))).toEqual(
      [],
    );
  });
});

describe('command-line mistakes exit 2', () => {
  test('an unknown command, a missing argument, no store and extra arguments are usage errors', async () => {
    const cases: [string[], string][] = [
      [['frobnicate', '--store', db], 'Unknown command "frobnicate"'],
      [['replay', '--store', db], 'replay needs a complaint id'],
      [['audit', '--store', db], 'audit needs a complaint id'],
      [['import', '--store', join(dir, 'target.db')], 'import needs a file'],
      [['verify'], 'No store given'],
      [['verify', 'extra', 'positional'], 'verify takes no argument'],
      [['replay', 'C-1', 'C-2', '--store', db], 'replay takes one complaint id'],
      [['verify', '--at', '2026-03-01', '--store', db], 'verify does not take --at: redress verify [--complaint ID]'],
      [['export', '--format', 'html', '--by', 'month', '--store', db], 'export does not take --format, --by'],
      [['import', 'log.ndjson', '--out', 'x', '--store', join(dir, 'target.db')], 'import does not take --out'],
      [
        ['verify', '--schema', 'acme', '--store', db],
        `--schema picks a PostgreSQL schema; ${db} is a SQLite file, which has none`,
      ],
      [
        ['stats', '--schema', 'acme', '--store', join(dir, 'log.ndjson')],
        'is an NDJSON export, which has none: leave --schema out',
      ],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli(args)));
    for (const [i, r] of runs.entries()) {
      expect(r.code, cases[i]?.[0].join(' ')).toBe(EXIT.usage);
      expect(r.stderr).toContain(cases[i]?.[1]);
      oneLine(r);
    }
    expect(runs[6]?.stderr).toContain('"C-2"');
    const json = await runCli(['replay', '--store', db, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'USAGE' } });
  });

  test('redress --version prints the version of the CLI; replay ID --version N still replays to version N', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const [own, replay] = await Promise.all([
      runCli(['--version']),
      runCli(['replay', 'C-1', '--version', '3', '--store', db, '--json']),
    ]);
    expect(own.code).toBe(EXIT.ok);
    expect(own.stdout).toBe(`${version}\n`);
    expect(replay.code).toBe(EXIT.ok);
    expect((JSON.parse(replay.stdout) as { version: number }).version).toBe(3);
  });
});

describe('dates and whole numbers are read strictly', () => {
  /** Run each command line on the store; each must be refused (exit 6) with its message. */
  const refusedValues = async (cases: readonly [string[], string][]) => {
    const runs = await Promise.all(cases.map(([args]) => runCli([...args, '--store', db])));
    for (const [i, r] of runs.entries()) {
      const [args, message] = cases[i] as [string[], string];
      expect(r.code, args.join(' ')).toBe(EXIT.refused);
      expect(r.stderr).toContain(message);
    }
    return cases.map(([args], i) => [args, runs[i] as (typeof runs)[number]] as const);
  };

  test('a date that is not a real ISO 8601 day and time is refused, not rolled over or guessed', async () => {
    const cases: [string[], string][] = [
      [['replay', 'C-1', '--at', '2026-02-31T23:00:00Z'], '--at must be'],
      [['replay', 'C-1', '--at', 'March 3'], '--at must be'],
      [['replay', 'C-1', '--at', '2026-03-02T24:00:00Z'], '--at must be'],
      [['replay', 'C-1', '--at', '2026-03-02T10:00:00'], '--at must be'],
      [['stats', '--from', '2026-02-30'], '--from must be a date such as 2026-03-01'],
      [['stats', '--from', '1'], '--from must be a date such as 2026-03-01'],
      [['stats', '--from', '2026-01-01', '--to', '2026-02-29'], '--to must be a date such as 2026-03-01'],
    ];
    for (const [args, r] of await refusedValues(cases)) expect(r.stderr).toContain(`got "${args.at(-1)}"`);
  });

  test('ISO 8601 dates and date-times with Z or an offset are read as written', async () => {
    const at = storedBodies(db, 'C-1')[4]?.occurredAt as string;
    const shifted = new Date(Date.parse(at) + 2 * 3_600_000).toISOString().replace('.000Z', '+02:00');
    const [utc, offset, leap] = await Promise.all([
      runCli(['replay', 'C-1', '--at', at, '--store', db, '--json']),
      runCli(['replay', 'C-1', '--at', shifted, '--store', db, '--json']),
      runCli(['stats', '--from', '2024-02-29', '--to', '2026-04-01T00:00:00.000Z', '--store', db, '--json']),
    ]);
    expect(utc.code).toBe(EXIT.ok);
    expect(JSON.parse(offset.stdout)).toEqual(JSON.parse(utc.stdout));
    expect(leap.code).toBe(EXIT.ok);
    expect(JSON.parse(leap.stdout)).toMatchObject({ from: '2024-02-29T00:00:00.000Z', totals: { received: 3 } });
  });

  test('--version and --workers take plain decimal whole numbers only', async () => {
    const cases: [string[], string][] = [
      [['replay', 'C-1', '--version', '1e1'], '--version must be a whole number'],
      [['replay', 'C-1', '--version', '0x3'], '--version must be a whole number'],
      [['replay', 'C-1', '--version', ' 3'], '--version must be a whole number'],
      [['replay', 'C-1', '--version', '3.0'], '--version must be a whole number'],
      [['verify', '--workers', '0x2'], '--workers must be a whole number'],
    ];
    await refusedValues(cases);
  });
});
