import { UsageError } from './usageError';

/** How each command is called, as `redress --help` shows it. */
const SYNOPSIS = {
  verify: 'redress verify [--complaint ID] [--workers N]',
  replay: 'redress replay <ID> [--at TIME | --version N]',
  audit: 'redress audit <ID> [--format text|json|html] [--out FILE]',
  stats: 'redress stats --from DATE --to DATE [--by category|department|month]',
  export: 'redress export [--out FILE]',
  import: 'redress import <export.ndjson> --store <target>',
} as const;

/** The commands of `redress`, for the message about an unknown one. */
const COMMANDS = Object.keys(SYNOPSIS) as (keyof typeof SYNOPSIS)[];

/** Options every command takes: where the store is, and how to report. */
const COMMON_OPTIONS: readonly string[] = ['store', 'schema', 'json', 'help'];
/** The options of each command beyond the common ones, as its synopsis lists them. */
const OPTIONS_OF: Readonly<Record<keyof typeof SYNOPSIS, readonly string[]>> = {
  verify: ['complaint', 'workers'],
  replay: ['at', 'version'],
  audit: ['format', 'out'],
  stats: ['from', 'to', 'by'],
  export: ['out'],
  import: [],
};

/** A command and the one argument it takes, if it takes one. */
export type CommandLine =
  | { readonly command: 'verify' | 'stats' | 'export' }
  | { readonly command: 'replay' | 'audit' | 'import'; readonly argument: string };

const quoted = (args: readonly string[]) => args.map((a) => `"${a}"`).join(', ');

const oneArgument = (command: 'replay' | 'audit' | 'import', what: string, args: readonly string[]): string => {
  const [argument, ...extra] = args;
  if (argument === undefined) throw new UsageError(`${command} needs a ${what}: ${SYNOPSIS[command]}`);
  if (extra.length > 0) throw new UsageError(`${command} takes one ${what}, and was also given ${quoted(extra)}: ${SYNOPSIS[command]}`);
  return argument;
};

const noArgument = (command: 'verify' | 'stats' | 'export', args: readonly string[]): void => {
  if (args.length > 0) throw new UsageError(`${command} takes no argument, and was given ${quoted(args)}: ${SYNOPSIS[command]}`);
};

/**
 * The command the positional arguments name, with its argument. An unknown
 * command, a missing argument or one too many is a UsageError: nothing on the
 * command line is ignored.
 *
 * @example
 * readCommand(['replay', 'C-17']); // { command: 'replay', argument: 'C-17' }
 * readCommand(['replay']); // throws UsageError: replay needs a complaint id: …
 */
export const readCommand = (positionals: readonly string[]): CommandLine => {
  const [command, ...args] = positionals;
  switch (command) {
    case 'replay':
    case 'audit':
      return { command, argument: oneArgument(command, 'complaint id', args) };
    case 'import':
      return { command, argument: oneArgument(command, 'file', args) };
    case 'verify':
    case 'stats':
    case 'export':
      noArgument(command, args);
      return { command };
    default:
      throw new UsageError(`Unknown command "${command ?? ''}"; commands: ${COMMANDS.join(', ')}`);
  }
};

/**
 * Refuse an option the command does not take (`verify --at …`, say), rather than
 * run without it: nothing on the command line is ignored. `given` are the names
 * of the options on the command line.
 *
 * @example
 * refuseOtherOptions('verify', ['store', 'at']); // throws UsageError: verify does not take --at: …
 */
export const refuseOtherOptions = (command: keyof typeof SYNOPSIS, given: readonly string[]): void => {
  const other = given.filter((name) => !COMMON_OPTIONS.includes(name) && !OPTIONS_OF[command].includes(name));
  if (other.length > 0) {
    throw new UsageError(`${command} does not take ${other.map((name) => `--${name}`).join(', ')}: ${SYNOPSIS[command]}`);
  }
};
