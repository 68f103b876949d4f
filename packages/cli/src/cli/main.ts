import { isRedressError } from '@redress/core';
import { version } from '../../package.json';
import { NO_SOURCE } from '../source/noSource';
import { openSource, sourceKind } from '../source/openSource';
import { readCommandLine } from './commandLine';
import { COMMANDS } from './commands';
import { EXIT, exitFor } from './exitCodes';
import { processOutput, type Output } from './output';
import { safeJson, visibleLines, visibleText } from '../text/visibleText';
import { commandUsage, usage } from './usage';
import { UsageError, isUsageError } from './usageError';

/**
 * Run `redress` with these arguments; resolves with the exit code. Errors are
 * printed, never thrown: a RedressError's message on stderr (or as JSON with
 * --json) and its code mapped to an exit code.
 *
 * @example
 * process.exitCode = await main(['verify', '--store', 'complaints.db']);
 */
export const main = async (
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  out?: Output,
): Promise<number> => {
  let json = argv.includes('--json');
  try {
    // Alone, --version asks for the version of redress; after a command it is replay's --version N.
    if (argv.length === 1 && argv[0] === '--version') {
      process.stdout.write(`${version}\n`);
      return EXIT.ok;
    }
    const line = readCommandLine(argv, COMMANDS);
    json = line.json;
    if (line.help) {
      process.stdout.write(line.command === undefined ? usage(COMMANDS) : commandUsage(line.command));
      return line.asked ? EXIT.ok : EXIT.usage;
    }
    const { command, argument, values } = line;
    if (command.store === 'none') {
      if (values.store !== undefined || values.schema !== undefined)
        throw new UsageError(
          `${command.name} reads no store; leave out --store and --schema: redress ${command.synopsis}`,
        );
      return await command.run({ source: NO_SOURCE, argument, values, env, out: out ?? processOutput(json) });
    }
    const target = values.store ?? env.REDRESS_STORE;
    if (target === undefined || target === '') {
      throw new UsageError('No store given; pass --store <file.db | postgres://… | file.ndjson> or set REDRESS_STORE');
    }
    const kind = sourceKind(target);
    if (values.schema !== undefined && kind !== 'postgres') {
      // Quietly ignored, it would let a user believe they read the schema they named.
      throw new UsageError(
        `--schema picks a PostgreSQL schema; ${target} is ${kind === 'ndjson' ? 'an NDJSON export' : 'a SQLite file'}, which has none: leave --schema out`,
      );
    }
    const source = await openSource(target, { create: command.store === 'create', schema: values.schema });
    try {
      return await command.run({ source, argument, values, env, out: out ?? processOutput(json) });
    } finally {
      await source.close();
    }
  } catch (error) {
    const usageError = isUsageError(error);
    const code = isRedressError(error) ? exitFor(error.code, error.details) : usageError ? EXIT.usage : EXIT.internal;
    const message = error instanceof Error ? error.message : String(error);
    const kind = isRedressError(error) ? error.code : usageError ? 'USAGE' : 'INTERNAL';
    if (json) process.stdout.write(`${safeJson({ ok: false, error: { code: kind, message } }, 2)}\n`);
    // Messages name stream ids, paths and what a store held: shown escaped, each stays one line.
    process.stderr.write(`redress: ${visibleText(message)}${usageError ? ' (redress --help)' : ''}\n`);
    if (code === EXIT.internal && error instanceof Error && error.stack)
      process.stderr.write(`${visibleLines(error.stack)}\n`);
    return code;
  }
};
