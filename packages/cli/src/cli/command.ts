import type { Output } from './output';
import type { Source } from '../source/source';

/** One option as node:util's parseArgs reads it. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Given any number of times (`--log-key A --log-key B`): its value is a list. */
  readonly multiple?: boolean;
}

/** The options of a command, by long name. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S extends { readonly multiple: true }
  ? readonly string[]
  : S['type'] extends 'boolean'
    ? boolean
    : string;

/** The values parseArgs gives for these options: only those on the command line are set. */
export type OptionValues<O extends OptionSpecs> = { readonly [K in keyof O]?: ValueOf<O[K]> };

/**
 * Options every command takes: where the store is, and how to report.
 * (`--version` alone, before any command, is the CLI's own version.)
 */
export const COMMON_OPTIONS = {
  store: { type: 'string', short: 's' },
  schema: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpecs;

/** What a command is run with. */
export interface CommandInput<O extends OptionSpecs> {
  /** The store, opened (a command of `store: 'none'` gets one whose every method throws: it must not read it). */
  readonly source: Source;
  /** Its one argument (a complaint id, a file), for a command that takes one; else ''. */
  readonly argument: string;
  readonly values: OptionValues<O>;
  readonly out: Output;
  /** The environment (secrets such as a key-encryption key are read from it, never from the command line). */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * One command of `redress`, in one place: the command line, the parser, the
 * help text and the dispatch are all derived from these records.
 */
export interface Command<O extends OptionSpecs = OptionSpecs> {
  readonly name: string;
  /** How it is called, after `redress`: `replay ID [--at TIME | --version N]`. */
  readonly synopsis: string;
  /** What it does, for `redress --help`: one entry per line of help. */
  readonly summary: readonly string[];
  /** The one argument it takes, if any, as a message names it: `complaint id`, `file`. */
  readonly argument?: string;
  /** The argument may be left out (erase takes a complaint id or `--subject`): the command checks what it got. */
  readonly argumentOptional?: boolean;
  /** Its options beyond COMMON_OPTIONS. */
  readonly options: O;
  /** `create`: the store may not exist yet and is created (import); `read`: it must exist; `none`: it reads no store (`--store` is refused). */
  readonly store: 'read' | 'create' | 'none';
  /** Run it; resolves with the exit code. */
  run(input: CommandInput<O>): Promise<number>;
}

/**
 * A command record, with its option values typed from its options.
 *
 * @example
 * export const exportCommand = defineCommand({
 *   name: 'export', synopsis: 'export [--out FILE]', summary: ['NDJSON, one stored event per line'],
 *   options: { out: { type: 'string', short: 'o' } }, store: 'read',
 *   run: ({ source, values, out }) => exportLog(source, { out: values.out }, out),
 * });
 */
export const defineCommand = <const O extends OptionSpecs>(command: Command<O>): Command => command;
