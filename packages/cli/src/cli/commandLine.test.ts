import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { defineCommand, type Command } from './command';
import { allOptions, closest, editDistance, readCommandLine } from './commandLine';
import { COMMANDS } from './commands';
import { commandUsage, usage } from './usage';
import { isUsageError } from './usageError';

const mistake = (argv: string[]): string => {
  try {
    readCommandLine(argv, COMMANDS);
  } catch (error) {
    expect(isUsageError(error), argv.join(' ')).toBe(true);
    return (error as Error).message;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
};

const command = (name: string, options: Command['options']): Command =>
  defineCommand({ name, synopsis: name, summary: [], options, store: 'read', run: async () => 0 });

describe('the command records', () => {
  test('give each option one meaning and each short letter one option', () => {
    expect(() => allOptions(COMMANDS)).not.toThrow();
    expect(() =>
      allOptions([command('a', { out: { type: 'string' } }), command('b', { out: { type: 'boolean' } })]),
    ).toThrow('--out is defined twice');
    expect(() => allOptions([command('a', { out: { type: 'string', short: 's' } })])).toThrow(
      '-s stands for both --store and --out',
    );
  });

  test('each command is in the help with its synopsis, and its synopsis names every option it takes', () => {
    const help = usage(COMMANDS);
    for (const c of COMMANDS) {
      expect(help).toContain(`  ${c.synopsis}`);
      for (const option of Object.keys(c.options)) expect(c.synopsis, c.name).toContain(`--${option}`);
    }
  });
});

describe('readCommandLine', () => {
  test('finds the command, its argument and the options given, in any order', () => {
    const line = readCommandLine(['--store', 'x.db', 'replay', 'C-17', '--version', '3', '--json'], COMMANDS);
    expect(line.help).toBe(false);
    if (line.help) return;
    expect(line.command.name).toBe('replay');
    expect(line.argument).toBe('C-17');
    expect({ ...line.values }).toEqual({ store: 'x.db', version: '3', json: true });
    expect(line.json).toBe(true);
    const short = readCommandLine(['audit', 'C-1', '-f', 'html', '-o', 'C-1.html', '-s', 'x.db'], COMMANDS);
    expect(short.help ? undefined : { ...short.values }).toEqual({ format: 'html', out: 'C-1.html', store: 'x.db' });
  });

  test('help is asked for with --help, -h or `help`; nothing at all is a mistake that shows it', () => {
    expect(readCommandLine(['--help'], COMMANDS)).toMatchObject({ help: true, asked: true });
    expect(readCommandLine(['verify', '-h'], COMMANDS)).toMatchObject({ help: true, asked: true });
    expect(readCommandLine(['help'], COMMANDS)).toMatchObject({ help: true, asked: true });
    expect(readCommandLine([], COMMANDS)).toMatchObject({ help: true, asked: false });
  });

  test('nothing on the command line is ignored', () => {
    expect(mistake(['frobnicate'])).toBe(
      'Unknown command "frobnicate"; commands: list, verify, replay, audit, stats, export, import, prove, check-proof, witness, erase, keys',
    );
    expect(mistake(['replay'])).toBe(
      'replay needs a complaint id: redress replay ID [--at TIME | --version N] [--reveal [--key-store FILE|postgres://…] [--key-schema NAME] [--kek-env NAME] [--kek-id ID]]',
    );
    expect(mistake(['import'])).toBe('import needs a file: redress import FILE');
    // erase takes a complaint id or --subject: the argument may be left out, but not doubled.
    expect(readCommandLine(['erase', '--subject', 'S-1'], COMMANDS)).toMatchObject({ argument: '' });
    expect(mistake(['erase', 'C-1', 'C-2'])).toMatch(/^erase takes one complaint id, and was also given "C-2"/);
    expect(mistake(['replay', 'C-1', 'C-2', 'C-3'])).toBe(
      'replay takes one complaint id, and was also given "C-2", "C-3": redress replay ID [--at TIME | --version N] [--reveal [--key-store FILE|postgres://…] [--key-schema NAME] [--kek-env NAME] [--kek-id ID]]',
    );
    const verify =
      'redress verify [--complaint ID] [--workers N] [--trusted FILE --public-key KEY [--witness-key KEY]…]';
    expect(mistake(['verify', 'extra'])).toBe(`verify takes no argument, and was given "extra": ${verify}`);
    expect(mistake(['verify', '--at', '2026-03-01'])).toBe(`verify does not take --at: ${verify}`);
    expect(mistake(['export', '--format', 'html', '--by', 'month'])).toBe(
      'export does not take --format, --by: redress export [--out FILE]',
    );
    expect(mistake(['verify', '--bogus'])).toBe('Unknown option --bogus');
    expect(mistake(['verify', '--store'])).toBe('--store needs a value');
    expect(mistake(['list', '--overdue=yes'])).toBe('--overdue takes no value');
    expect(mistake(['erase', 'C-1', '--reason', '-x'])).toBe(
      '--reason was followed by a value that starts with a dash; write --reason=VALUE to give it',
    );
    expect(readCommandLine(['erase', 'C-1', '--reason=-x'], COMMANDS)).toMatchObject({ values: { reason: '-x' } });
  });

  test('a slip of the keyboard is answered with the name it was near', () => {
    expect(mistake(['verify', '--stor', 'x.db'])).toBe('Unknown option --stor; did you mean --store?');
    expect(mistake(['audit', 'C-1', '--fromat', 'html'])).toBe('Unknown option --fromat; did you mean --format?');
    expect(mistake(['list', '--overdu'])).toBe('Unknown option --overdu; did you mean --overdue?');
    expect(mistake(['verfy'])).toMatch(/^Unknown command "verfy"; did you mean `verify`\?/);
    expect(mistake(['help', 'lst'])).toMatch(/^Unknown command "lst"; did you mean `list`\?/);
    // Nothing near: no guess, and what was typed is shown escaped.
    expect(mistake(['verify', '--zzzzzzzz'])).toBe('Unknown option --zzzzzzzz');
    expect(mistake(['\u001b[2Kverify'])).toContain('"\\u001b[2Kverify"');
    // A value is never taken for an unknown option, whatever it looks like.
    expect(mistake(['erase', 'C-1', '--actor', '--zz'])).toBe(
      '--actor was followed by a value that starts with a dash; write --actor=VALUE to give it',
    );
    expect(readCommandLine(['erase', 'C-1', '--actor=--zz'], COMMANDS)).toMatchObject({ values: { actor: '--zz' } });
  });

  test('help for one command: `redress verify --help` and `redress help verify`', () => {
    for (const argv of [
      ['verify', '--help'],
      ['help', 'verify'],
      ['verify', '-h'],
    ]) {
      const line = readCommandLine(argv, COMMANDS);
      expect(line).toMatchObject({ help: true, asked: true });
      expect(line.help ? line.command?.name : undefined).toBe('verify');
    }
    expect(readCommandLine(['--help'], COMMANDS)).not.toHaveProperty('command');
    for (const c of COMMANDS) {
      const text = commandUsage(c);
      expect(text.startsWith(`redress ${c.synopsis}\n`)).toBe(true);
      for (const line of c.summary) expect(text).toContain(line);
      expect(text).toContain('--store');
    }
  });
});

describe('closest', () => {
  const names = Object.keys(allOptions(COMMANDS)).filter((n) => n.length >= 4);
  test.prop([
    fc
      .constantFrom(...names)
      .chain((name) =>
        fc.tuple(
          fc.constant(name),
          fc.integer({ min: 0, max: name.length - 1 }),
          fc.constantFrom('delete', 'swap', 'replace'),
          fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
        ),
      ),
  ])('one slip in a known name finds a name one edit away, or one that starts with it', ([name, at, slip, letter]) => {
    const typed =
      slip === 'delete'
        ? name.slice(0, at) + name.slice(at + 1)
        : slip === 'swap' && at + 1 < name.length
          ? name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2)
          : name.slice(0, at) + letter + name.slice(at + 1);
    fc.pre(typed !== name && !names.includes(typed));
    const found = closest(typed, names);
    expect(found).toBeDefined();
    // `--form` is taken for `--format`, which it starts, before `--from`, a swap away: both are fair guesses.
    const near = editDistance(typed, found as string) <= 1 || (found as string).startsWith(typed);
    expect(near, `${typed} → ${found}`).toBe(true);
  });

  test('editDistance counts inserts, deletes, replacements and swaps of neighbours', () => {
    expect(editDistance('store', 'store')).toBe(0);
    expect(editDistance('stor', 'store')).toBe(1);
    expect(editDistance('sotre', 'store')).toBe(1);
    expect(editDistance('stpre', 'store')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('options given more than once', () => {
  test('a repeatable option gives the list of its values; a command that reads no store refuses --store', async () => {
    const line = readCommandLine(
      ['check-proof', 'p.json', '--public-key', 'k', '--witness-key', 'w1', '--witness-key', 'w2'],
      COMMANDS,
    );
    expect(line.help ? undefined : line.values['witness-key']).toEqual(['w1', 'w2']);
    const { main } = await import('./main');
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => errors.push(chunk) > 0) as typeof process.stderr.write;
    try {
      expect(await main(['check-proof', 'p.json', '--public-key', 'k', '--store', 'x.db'])).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(errors.join('')).toContain('check-proof reads no store; leave out --store and --schema');
  });
});
