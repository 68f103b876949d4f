import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, type Command, type OptionSpec, type OptionSpecs, type OptionValues } from './command';
import { visibleText } from '../text/visibleText';
import { UsageError } from './usageError';

/** What the command line asks for: the help text, or a command with its argument and option values. */
export type CommandLine =
  | {
      readonly help: true;
      readonly json: boolean /** No command at all is a mistake; asking for help is not. */;
      readonly asked: boolean;
      /** `redress verify --help`: the command whose help is asked for; none for the whole CLI's. */
      readonly command?: Command;
    }
  | {
      readonly help: false;
      readonly json: boolean;
      readonly command: Command;
      readonly argument: string;
      readonly values: OptionValues<typeof COMMON_OPTIONS> & OptionValues<OptionSpecs>;
    };

/**
 * Every option any command takes, for parseArgs: an option of another command
 * is then refused by name (`verify does not take --at`), not as unknown. Two
 * commands that give one name two meanings, or one short letter to two
 * options, are a bug here, found by the tests.
 *
 * @example
 * allOptions(COMMANDS).out; // { type: 'string', short: 'o' }
 */
export const allOptions = (commands: readonly Command[]): Readonly<Record<string, OptionSpec>> => {
  const all: Record<string, OptionSpec> = {};
  const shorts = new Map<string, string>();
  const specs: [string, OptionSpec][] = [
    ...Object.entries(COMMON_OPTIONS),
    ...commands.flatMap((c) => Object.entries(c.options)),
  ];
  for (const [name, spec] of specs) {
    const known = all[name];
    if (
      known !== undefined &&
      (known.type !== spec.type || known.short !== spec.short || (known.multiple === true) !== (spec.multiple === true))
    )
      throw new Error(`--${name} is defined twice, differently`);
    if (spec.short !== undefined && (shorts.get(spec.short) ?? name) !== name)
      throw new Error(`-${spec.short} stands for both --${shorts.get(spec.short)} and --${name}`);
    if (spec.short !== undefined) shorts.set(spec.short, name);
    all[name] = {
      type: spec.type,
      ...(spec.short === undefined ? {} : { short: spec.short }),
      ...(spec.multiple === true ? { multiple: true } : {}),
    };
  }
  return all;
};

const quoted = (args: readonly string[]) => args.map((a) => `"${visibleText(a)}"`).join(', ');

/** Edits (insert, delete, replace, swap neighbours) from `a` to `b`: optimal string alignment distance. */
export const editDistance = (a: string, b: string): number => {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
};

/**
 * The known name closest to `given`, when it is close enough to be a slip (a
 * third of its length in edits, at least one), or one that starts with it.
 *
 * @example
 * closest('stor', ['store', 'schema']); // 'store'
 */
export const closest = (given: string, known: readonly string[]): string | undefined => {
  const scored = known
    .map((name) => ({ name, distance: name.startsWith(given) && given.length >= 2 ? 0.5 : editDistance(given, name) }))
    .sort((x, y) => x.distance - y.distance || x.name.localeCompare(y.name));
  const best = scored[0];
  return best !== undefined && best.distance <= Math.max(1, Math.floor(given.length / 3)) ? best.name : undefined;
};

const didYouMean = (given: string, known: readonly string[], prefix: string) => {
  const near = closest(given, known);
  return near === undefined ? '' : `; did you mean ${prefix}${near}?`;
};

/**
 * Refuse, before parseArgs does in its own words, an option no command takes:
 * `Unknown option --stor; did you mean --store?`. Everything after `--` is a
 * positional, as parseArgs reads it.
 */
const checkOptionNames = (argv: readonly string[], options: Readonly<Record<string, OptionSpec>>) => {
  const byShort = new Map(
    Object.entries(options).flatMap(([name, o]) => (o.short === undefined ? [] : [[o.short, name]])),
  );
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') return;
    let name: string | undefined;
    if (arg.startsWith('--')) {
      name = arg.slice(2).split('=')[0] ?? '';
      if (!(name in options))
        throw new UsageError(`Unknown option --${visibleText(name)}${didYouMean(name, Object.keys(options), '--')}`);
      if (arg.includes('=')) continue;
    } else if (arg.startsWith('-') && arg.length > 1) {
      const letter = arg.slice(1, 2);
      name = byShort.get(letter);
      if (name === undefined)
        throw new UsageError(`Unknown option -${visibleText(letter)}${didYouMean(letter, [...byShort.keys()], '-')}`);
      if (arg.length > 2) continue;
    }
    // A string option's value is the next argument, whatever it looks like.
    if (name !== undefined && options[name]?.type === 'string') i++;
  }
};

/** The command's one argument, if it takes one; anything missing or left over is a UsageError. */
const argumentOf = (command: Command, args: readonly string[]): string => {
  const synopsis = `redress ${command.synopsis}`;
  if (command.argument === undefined) {
    if (args.length > 0)
      throw new UsageError(`${command.name} takes no argument, and was given ${quoted(args)}: ${synopsis}`);
    return '';
  }
  const [argument, ...extra] = args;
  if (argument === undefined && command.argumentOptional === true) return '';
  if (argument === undefined) throw new UsageError(`${command.name} needs a ${command.argument}: ${synopsis}`);
  if (extra.length > 0)
    throw new UsageError(
      `${command.name} takes one ${command.argument}, and was also given ${quoted(extra)}: ${synopsis}`,
    );
  return argument;
};

/**
 * parseArgs, with its refusals in our words: one line, no dangling quotes.
 * (`--reason -x`: parseArgs cannot tell a value that starts with a dash from a
 * forgotten one.)
 */
const parsed = (argv: readonly string[], options: Readonly<Record<string, OptionSpec>>) => {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const option = /Option '(-[-\w]*|-\w, --[-\w]+)(?: <value>)?'/.exec(message)?.[1]?.split(', ').at(-1);
    if (option !== undefined && /ambiguous/.test(message))
      throw new UsageError(
        `${option} was followed by a value that starts with a dash; write ${option}=VALUE to give it`,
      );
    if (option !== undefined && /missing/.test(message)) throw new UsageError(`${option} needs a value`);
    if (option !== undefined && /does not take an argument/.test(message))
      throw new UsageError(`${option} takes no value`);
    throw new UsageError(visibleText(message.split('\n')[0] ?? message));
  }
};

const unknownCommand = (name: string, commands: readonly Command[]) => {
  const names = commands.map((c) => c.name);
  const near = closest(name, names);
  return new UsageError(
    `Unknown command "${visibleText(name)}"${near === undefined ? '; commands' : `; did you mean \`${near}\`? Commands`}: ${names.join(', ')}`,
  );
};

/**
 * Read a command line against the command records. An unknown command or
 * option, an option the command does not take, a missing argument or one too
 * many is a UsageError: nothing on the command line is ignored.
 *
 * @example
 * const line = readCommandLine(['replay', 'C-17', '--version', '3'], COMMANDS);
 * if (!line.help) line.argument; // 'C-17'
 */
export const readCommandLine = (argv: readonly string[], commands: readonly Command[]): CommandLine => {
  const options = allOptions(commands);
  checkOptionNames(argv, options);
  const { values, positionals } = parsed(argv, options);
  const json = values.json === true;
  const [name, ...args] = positionals;
  const named = (n: string | undefined) => commands.find((c) => c.name === n);
  // `redress help verify` and `redress verify --help` are the same question.
  const helpFor = name === 'help' ? args[0] : values.help === true ? name : undefined;
  if (values.help === true || name === undefined || name === 'help') {
    const command = named(helpFor);
    if (helpFor !== undefined && command === undefined) throw unknownCommand(helpFor, commands);
    return { help: true, json, asked: name !== undefined || values.help === true, ...(command ? { command } : {}) };
  }
  const command = named(name);
  if (command === undefined) throw unknownCommand(name, commands);
  const argument = argumentOf(command, args);
  // parseArgs sets only the options given (none has a default).
  const other = Object.keys(values).filter((option) => !(option in COMMON_OPTIONS) && !(option in command.options));
  if (other.length > 0)
    throw new UsageError(
      `${command.name} does not take ${other.map((option) => `--${option}`).join(', ')}: redress ${command.synopsis}`,
    );
  return { help: false, json, command, argument, values: values as Extract<CommandLine, { help: false }>['values'] };
};
