import { parseArgs } from 'node:util';
import { RedressError, isRedressError } from '@redress/core';
import { audit } from '../commands/audit';
import { exportLog } from '../commands/exportLog';
import { importLog } from '../commands/importLog';
import { replay } from '../commands/replay';
import { stats } from '../commands/stats';
import { verify } from '../commands/verify';
import { openSource } from '../source/openSource';
import { EXIT, exitFor } from './exitCodes';
import { processOutput, type Output } from './output';
import { USAGE } from './usage';

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

const COMMANDS = ['verify', 'replay', 'audit', 'stats', 'export', 'import'] as const;

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
    const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    json = values.json ?? false;
    const [command, ...rest] = positionals;
    if (values.help || command === undefined || command === 'help') {
      process.stdout.write(USAGE);
      return command === undefined && !values.help ? EXIT.usage : EXIT.ok;
    }
    if (!(COMMANDS as readonly string[]).includes(command)) {
      throw new RedressError('VALIDATION', `Unknown command "${command}"; commands: ${COMMANDS.join(', ')} (redress --help)`);
    }
    const target = values.store ?? env.REDRESS_STORE;
    const source = await openSource(target, { create: command === 'import', schema: values.schema });
    try {
      const o = output();
      switch (command) {
        case 'verify':
          return await verify(source, { complaint: values.complaint, workers: values.workers }, o);
        case 'replay':
          return await replay(source, rest[0], { at: values.at, version: values.version }, o);
        case 'audit':
          return await audit(source, rest[0], { format: values.format, out: values.out }, o);
        case 'stats':
          return await stats(source, { from: values.from, to: values.to, by: values.by }, o);
        case 'export':
          return await exportLog(source, { out: values.out }, o);
        default:
          return await importLog(source, rest[0], o);
      }
    } finally {
      await source.close();
    }
  } catch (error) {
    const usage = (error as { code?: unknown }).code?.toString().startsWith('ERR_PARSE_ARGS') === true;
    const code = isRedressError(error) ? exitFor(error.code) : usage ? EXIT.usage : EXIT.internal;
    const message = error instanceof Error ? error.message : String(error);
    const kind = isRedressError(error) ? error.code : usage ? 'USAGE' : 'INTERNAL';
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: { code: kind, message } }, null, 2)}\n`);
    process.stderr.write(`redress: ${message}${usage ? ' (redress --help)' : ''}\n`);
    if (code === EXIT.internal && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return code;
  }
};
