import type { Command } from './command';

/** Where the description of a command starts in `redress --help`. */
const COLUMN = 40;

const OPTIONS = `Options (every command)
  --store, -s   SQLite file, postgres:// URL (?schema=name or --schema) or .ndjson export;
                default: $REDRESS_STORE (check-proof and witness read no store)
  --schema      the PostgreSQL schema of a postgres:// store (default: redress)
  --json        machine-readable output on stdout
  --help, -h    this text
  --version     alone (redress --version): the version of redress`;

const EXIT_CODES = `Exit codes: 0 ok, 1 verify found a bad event or the log does not extend the trusted
checkpoint, or check-proof found a proof that does not check out, 2 wrong command line (unknown
command, missing or extra argument, no store), 3 store unavailable (wrong path, unreachable
database, a witness that cannot listen), 4 complaint not found, 5 damaged log or export (a tampered
event, a corrupt line, a SQLite file whose pages SQLite cannot read, a checkpoint whose signature
does not verify, a store whose tree is not the checkpoint's for prove), 6 refused (by the store, or
a bad option value such as a date that does not exist, an --out that cannot be written, a key or
checkpoint file that cannot be read or is not signed by the key given; for --reveal, a wrong or
missing key-encryption key or key file), 7 no Redress store there (an empty PostgreSQL database or
schema), 70 a bug in redress, 141 stdout closed by its reader (as after SIGPIPE).`;

/** A command's entry: its synopsis, then its summary from the column on (on the next line when the synopsis reaches it). */
const entry = (command: Command): string => {
  const head = `  ${command.synopsis}`;
  const indent = ' '.repeat(COLUMN);
  const [first = '', ...rest] = command.summary;
  const lines = head.length < COLUMN ? [`${head.padEnd(COLUMN)}${first}`] : [head, `${indent}${first}`];
  return [...lines, ...rest.map((line) => `${indent}${line}`)].join('\n');
};

/**
 * The text of `redress --help`, from the command records.
 *
 * @example
 * process.stdout.write(usage(COMMANDS));
 */
export const usage = (
  commands: readonly Command[],
): string => `redress — verify, replay, audit and move Redress complaint logs

Usage: redress <command> [arguments] --store <file.db | postgres://… | file.ndjson> [--json]

KEY: a public key (<name>+<key ID>+<key>), or a file that holds it

Commands
${commands.map(entry).join('\n')}

${OPTIONS}

${EXIT_CODES}
`;

/**
 * The text of `redress <command> --help`: how it is called (what is in brackets
 * may be left out), what it does, and the options every command takes.
 *
 * @example
 * process.stdout.write(commandUsage(verifyCommand));
 */
export const commandUsage = (command: Command): string => `redress ${command.synopsis}

${command.summary.map((line) => `  ${line}`).join('\n')}

Arguments in [brackets] may be left out; A | B: one of them.

${OPTIONS}

${EXIT_CODES}
`;
