import { parseArgs } from 'node:util';
import { isRedressError } from '@redress/core';
import { version } from '../../package.json';
import { audit } from '../commands/audit';
import { exportLog } from '../commands/exportLog';
import { importLog } from '../commands/importLog';
import { replay } from '../commands/replay';
import { stats } from '../commands/stats';
import { verify } from '../commands/verify';
import { openSource, sourceKind } from '../source/openSource';
import { readCommand, refuseOtherOptions } from './commandLine';
import { EXIT, exitFor } from './exitCodes';
import { processOutput, type Output } from './output';
import { USAGE } from './usage';
import { UsageError, isUsageError } from './usageError';

const OPTIONS = {
  store: { type: 'string', short: 's' },
  schema: { type: 'string' },
  json: { type: 'boolean' },
  complaint: { type: 'string', short: 'c' },
  at: { type: 'string' },
  version: { type: 'string' },
  format: { type: 'string', short: 'f' },
  out: { type: 'string', short: 'o' },
  from: { type: 'string' },
  to: { type: 'string' },
  by: { type: 'string' },
  workers: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Run `redress` with these arguments; resolves with the exit code. Errors are
 * printed, never thrown: a RedressError's message on stderr (or as JSON with
 * --json) and its code mapped to an exit code.
 *
 * @example
 * process.exitCode = await main(['verify', '--store', 'complaints.db']);
 */
export const main = async (argv: readonly string[], env: NodeJS.ProcessEnv = process.env, out?: Output): Promise<number> => {
  let json = argv.includes('--json');
  const output = () => out ?? processOutput(json);
  try {
    // Alone, --version asks for the version of redress; after a command it is replay's --version N.
    if (argv.length === 1 && argv[0] === '--version') {
      process.stdout.write(`${version}\n`);
      return EXIT.ok;
    }
    const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    json = values.json ?? false;
    if (values.help || positionals[0] === undefined || positionals[0] === 'help') {
      process.stdout.write(USAGE);
      return positionals[0] === undefined && !values.help ? EXIT.usage : EXIT.ok;
    }
    const line = readCommand(positionals);
    // parseArgs sets only the options given (none has a default).
    refuseOtherOptions(line.command, Object.keys(values));
    const target = values.store ?? env.REDRESS_STORE;
    if (target === undefined || target === '') {
      throw new UsageError('No store given; pass --store <file.db | postgres://… | file.ndjson> or set REDRESS_STORE');
    }
    const kind = sourceKind(target);
    if (values.schema !== undefined && kind !== 'postgres') {
      // Quietly ignored, it would let a user believe they read the schema they named.
      throw new UsageError(`--schema picks a PostgreSQL schema; ${target} is ${kind === 'ndjson' ? 'an NDJSON export' : 'a SQLite file'}, which has none: leave --schema out`);
    }
    const source = await openSource(target, { create: line.command === 'import', schema: values.schema });
    try {
      const o = output();
      switch (line.command) {
        case 'verify':
          return await verify(source, { complaint: values.complaint, workers: values.workers }, o);
        case 'replay':
          return await replay(source, line.argument, { at: values.at, version: values.version }, o);
        case 'audit':
          return await audit(source, line.argument, { format: values.format, out: values.out }, o);
        case 'stats':
          return await stats(source, { from: values.from, to: values.to, by: values.by }, o);
        case 'export':
          return await exportLog(source, { out: values.out }, o);
        case 'import':
          return await importLog(source, line.argument, o);
      }
    } finally {
      await source.close();
    }
  } catch (error) {
    const usage = isUsageError(error);
    const code = isRedressError(error) ? exitFor(error.code) : usage ? EXIT.usage : EXIT.internal;
    const message = error instanceof Error ? error.message : String(error);
    const kind = isRedressError(error) ? error.code : usage ? 'USAGE' : 'INTERNAL';
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: { code: kind, message } }, null, 2)}\n`);
    process.stderr.write(`redress: ${message}${usage ? ' (redress --help)' : ''}\n`);
    if (code === EXIT.internal && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return code;
  }
};
