import { RedressError, cosigner, noteVerifier } from '@redress/core';
import { EXIT } from '../cli/exitCodes';
import { publicKeys, secretKey } from '../cli/keys';
import type { Output } from '../cli/output';
import { defineCommand } from '../cli/command';
import { parseWholeNumber } from '../cli/optionValues';
import { startWitness } from '../witness/witnessServer';
import { witnessState } from '../witness/witnessState';

/** What `redress witness` takes. */
export interface WitnessOptions {
  readonly key?: string | undefined;
  readonly 'log-key'?: readonly string[] | undefined;
  readonly state?: string | undefined;
  readonly listen?: string | undefined;
}

/** `HOST:PORT` (or `[v6]:PORT`, or a port alone, on 127.0.0.1). */
const address = (listen: string): { host: string; port: number } => {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(listen) ?? /^()()(\d+)$/.exec(listen);
  const port = parseWholeNumber(m?.[3] ?? '');
  if (m === null || port === undefined || port > 65_535)
    throw new RedressError('VALIDATION', `--listen must be HOST:PORT or a port (0 picks a free one), got "${listen}"`, {
      option: 'listen',
    });
  return { host: m[1] || m[2] || '127.0.0.1', port };
};

/**
 * Run a witness until SIGINT or SIGTERM: it cosigns a log's checkpoint only if
 * it is signed by one of the `--log-key`s and consistent with the last one it
 * cosigned for that log, which it keeps in `--state`. Its own key comes from
 * `--key FILE` or `REDRESS_WITNESS_KEY`, never from the command line.
 *
 * @example
 * await witness({ key: 'witness.key', 'log-key': ['log.vkey'], state: 'witness-state.json', listen: '0.0.0.0:7380' }, out, process.env);
 */
export const witness = async (
  options: WitnessOptions,
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> => {
  const me = cosigner(secretKey(options.key, 'REDRESS_WITNESS_KEY', env, '--key'));
  const logs = (options['log-key'] ?? []).flatMap((k) => publicKeys(k, '--log-key')).map(noteVerifier);
  if (logs.length === 0)
    throw new RedressError(
      'VALIDATION',
      'A witness needs the public key of each log it cosigns for: --log-key KEY (a key, or a file of keys, one a line)',
      { option: 'log-key' },
    );
  if (options.state === undefined)
    throw new RedressError(
      'VALIDATION',
      'A witness needs --state FILE, where it keeps the last checkpoint it cosigned for each log',
      { option: 'state' },
    );
  const { host, port } = address(options.listen ?? '127.0.0.1:7380');
  const state = witnessState(options.state);
  let server: Awaited<ReturnType<typeof startWitness>>;
  try {
    server = await startWitness({ state, logs, cosigner: me, host, port, log: (line) => out.note(line) });
  } catch (error) {
    state.close();
    throw new RedressError(
      'STORE_UNAVAILABLE',
      `The witness cannot listen on ${host}:${port} (${(error as Error).message})`,
      { label: `${host}:${port}` },
      { cause: error },
    );
  }
  out.note(
    `redress witness ${me.name} listening on ${server.url}/add-checkpoint; cosigns for ${logs.map((l) => l.name).join(', ')}; its key: ${me.verifierKey}`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  state.close();
  return EXIT.ok;
};

/** `redress witness`: its command line, help and run. */
export const witnessCommand = defineCommand({
  name: 'witness',
  synopsis: 'witness --key FILE --log-key KEY… --state FILE [--listen HOST:PORT]',
  summary: [
    "serve C2SP tlog-witness POST /add-checkpoint: cosign a log's checkpoint",
    'only if consistent with the last one it cosigned (kept in --state)',
  ],
  options: {
    key: { type: 'string' },
    'log-key': { type: 'string', multiple: true },
    state: { type: 'string' },
    listen: { type: 'string' },
  },
  store: 'none',
  run: ({ values, out }) => witness(values, out),
});
