import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, type Command, type OptionSpec, type OptionSpecs, type OptionValues } from './command';
import { UsageError } from './usageError';

/** What the command line asks for: the help text, or a command with its argument and option values. */
export type CommandLine =
  | {
      readonly help: true;
      readonly json: boolean /** No command at all is a mistake; asking for help is not. */;
      readonly asked: boolean;
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

const quoted = (args: readonly string[]) => args.map((a) => `"${a}"`).join(', ');

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
 * Read a command line against the command records. An unknown command or
 * option, an option the command does not take, a missing argument or one too
 * many is a UsageError: nothing on the command line is ignored.
 *
 * @example
 * const line = readCommandLine(['replay', 'C-17', '--version', '3'], COMMANDS);
 * if (!line.help) line.argument; // 'C-17'
 */
export const readCommandLine = (argv: readonly string[], commands: readonly Command[]): CommandLine => {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: allOptions(commands),
    allowPositionals: true,
    strict: true,
  });
  const json = values.json === true;
  const [name, ...args] = positionals;
  if (values.help === true || name === undefined || name === 'help')
    return { help: true, json, asked: name !== undefined || values.help === true };
  const command = commands.find((c) => c.name === name);
  if (command === undefined)
    throw new UsageError(`Unknown command "${name}"; commands: ${commands.map((c) => c.name).join(', ')}`);
  const argument = argumentOf(command, args);
  // parseArgs sets only the options given (none has a default).
  const other = Object.keys(values).filter((option) => !(option in COMMON_OPTIONS) && !(option in command.options));
  if (other.length > 0)
    throw new UsageError(
      `${command.name} does not take ${other.map((option) => `--${option}`).join(', ')}: redress ${command.synopsis}`,
    );
  return { help: false, json, command, argument, values: values as Extract<CommandLine, { help: false }>['values'] };
};
