import { RedressError, rewrapKeys, type RewrapResult } from '@redress/core';
import { defineCommand } from '../cli/command';
import { EXIT } from '../cli/exitCodes';
import type { Output } from '../cli/output';
import { parseWholeNumber } from '../cli/optionValues';
import { UsageError } from '../cli/usageError';
import { keyStoreTarget, openKeyStore } from '../privacy/keyStoreTarget';
import { DEFAULT_KEK_ENV, kekFromEnv } from '../privacy/revealOptions';
import { visibleText } from '../text/visibleText';

const SYNOPSIS =
  'keys rewrap --key-store FILE|postgres://… [--key-schema NAME] [--kek-env OLD] [--kek-id ID] --new-kek-env NEW [--new-kek-id ID] [--batch N]';

/** What `redress keys` takes. */
export interface KeysOptions {
  readonly 'key-store'?: string | undefined;
  readonly 'key-schema'?: string | undefined;
  readonly 'kek-env'?: string | undefined;
  readonly 'new-kek-env'?: string | undefined;
  /** The ids of the two key-encryption keys, when the app gave them ids of its own. */
  readonly 'kek-id'?: string | undefined;
  readonly 'new-kek-id'?: string | undefined;
  readonly batch?: string | undefined;
}

/** What `redress keys rewrap` did, as `--json` prints it: ids and counts, never key material. */
export interface RewrapReport extends RewrapResult {
  readonly ok: boolean;
  readonly keyStore: string;
  readonly from: string;
  readonly to: string;
}

const refuse = (option: string, message: string) => new RedressError('VALIDATION', message, { option });

/**
 * Rotate the key-encryption key of a key store: every data key re-wrapped from
 * the KEK in `--kek-env` (default `REDRESS_KEK`) to the one in
 * `--new-kek-env`, in batches, each one atomic write. Killed or stopped
 * (Ctrl-C stops between two batches), every key is under one of the two KEKs;
 * running it again finishes. Destroyed keys stay destroyed.
 *
 * @example
 * await keys('rewrap', { 'key-store': 'complaints.keys.db', 'kek-env': 'OLD_KEK', 'new-kek-env': 'REDRESS_KEK' }, out, process.env);
 */
export const keys = async (action: string, options: KeysOptions, out: Output, env: NodeJS.ProcessEnv) => {
  if (action !== 'rewrap')
    throw new UsageError(`keys does ${JSON.stringify(action)}? It does rewrap: redress ${SYNOPSIS}`);
  if (options['key-store'] === undefined || options['key-store'] === '')
    throw new UsageError(`keys rewrap needs --key-store FILE or --key-store postgres://…: redress ${SYNOPSIS}`);
  if (options['new-kek-env'] === undefined || options['new-kek-env'] === '')
    throw new UsageError(
      `keys rewrap needs --new-kek-env NAME, the environment variable holding the new key-encryption key: redress ${SYNOPSIS}`,
    );
  const batch = options.batch === undefined ? 500 : parseWholeNumber(options.batch);
  if (batch === undefined || batch < 1 || batch > 10_000)
    throw refuse(
      '--batch',
      `--batch must be a whole number of keys per write from 1 to 10000, got ${JSON.stringify(options.batch)}`,
    );
  const target = keyStoreTarget(options['key-store'], options['key-schema'], undefined);
  if (target === undefined) throw new UsageError(`keys rewrap needs --key-store: redress ${SYNOPSIS}`);
  const oldVariable = options['kek-env'] ?? DEFAULT_KEK_ENV;
  const newVariable = options['new-kek-env'];
  if (oldVariable === newVariable)
    throw refuse(
      '--new-kek-env',
      `--kek-env and --new-kek-env both name ${oldVariable}; the new key-encryption key goes in another variable`,
    );
  const from = kekFromEnv({ variable: oldVariable, id: options['kek-id'] }, env, 'keys rewrap', target.label);
  const to = kekFromEnv(
    { variable: newVariable, id: options['new-kek-id'], options: { variable: '--new-kek-env', id: '--new-kek-id' } },
    env,
    'keys rewrap',
    target.label,
  );
  const store = await openKeyStore(target);
  // Ctrl-C stops between two batches: what is written stays, and running again goes on from there.
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let result: RewrapResult;
  try {
    result = await rewrapKeys({
      store,
      from,
      to,
      batchSize: batch,
      signal: stop.signal,
      onBatch: ({ rewrapped }) => out.note(`keys rewrap: ${rewrapped} keys re-wrapped so far`),
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await store.close?.();
  }
  const foreign = Object.entries(result.others);
  const ok = result.complete && foreign.length === 0;
  const report: RewrapReport = { ok, keyStore: target.label, from: from.id, to: to.id, ...result };
  const where = visibleText(target.label);
  const lines = [
    `Re-wrapped ${result.rewrapped} key${result.rewrapped === 1 ? '' : 's'} of ${where} from ${from.id} to ${to.id}` +
      (result.already > 0 ? `; ${result.already} were under ${to.id} already` : '') +
      (result.skipped > 0 ? ` (${result.skipped} destroyed or changed meanwhile, left as they were)` : ''),
    ...(foreign.length === 0
      ? []
      : [
          `Left alone: ${foreign.map(([id, n]) => `${n} wrapped by ${visibleText(id)}`).join(', ')}, neither key-encryption key given; is ${oldVariable} the one the keys were written with, under that id (--kek-id ID)?`,
        ]),
    result.complete
      ? `${foreign.length === 0 ? 'Complete' : 'Done with the keys of the two'}: no key is wrapped by ${from.id} any more; once every application uses ${to.id}, retire ${from.id}`
      : stop.signal.aborted
        ? `Stopped: the other keys are still wrapped by ${from.id}; run it again to finish`
        : `Not complete: keys were written under ${from.id} while it ran; run it again once every application uses ${to.id}`,
  ];
  out.result(lines.join('\n'), report);
  return ok ? EXIT.ok : EXIT.refused;
};

/** `redress keys`: its command line, help and run. */
export const keysCommand = defineCommand({
  name: 'keys',
  synopsis: SYNOPSIS,
  summary: [
    'rotate the key-encryption key: re-wrap every data key of the key store',
    'from the KEK in $REDRESS_KEK (or --kek-env) to the one in --new-kek-env,',
    '(--kek-id and --new-kek-id: their ids, when the app gave them its own),',
    '--batch keys (default 500) per atomic write; resumable, erased keys stay',
    'erased. Reads no event store',
  ],
  argument: 'action (rewrap)',
  options: {
    'key-store': { type: 'string' },
    'key-schema': { type: 'string' },
    'kek-env': { type: 'string' },
    'new-kek-env': { type: 'string' },
    'kek-id': { type: 'string' },
    'new-kek-id': { type: 'string' },
    batch: { type: 'string' },
  },
  store: 'none',
  run: ({ argument, values, out, env }) => keys(argument, values, out, env),
});
