import { existsSync, statSync } from 'node:fs';
import { RedressError, secretKek, subjectKeys, type SubjectKeys } from '@redress/core';
import { keyFileBeside, sqliteKeyStore } from '@redress/store-sqlite';
import type { OptionSpecs } from '../cli/command';
import type { Source } from '../source/source';
import type { Lens } from './personalFields';

export { REVEALED_NOTICE } from './personalFields';

/**
 * The options of a command that can show personal data: `--reveal` asks for
 * it, `--key-store` and `--kek-env` give the keys to decrypt it with.
 *
 * @example
 * options: { format: { type: 'string' }, ...REVEAL_OPTIONS }
 */
export const REVEAL_OPTIONS = {
  reveal: { type: 'boolean' },
  'key-store': { type: 'string' },
  'kek-env': { type: 'string' },
} as const satisfies OptionSpecs;

/** The values of {@link REVEAL_OPTIONS} on a command line. */
export interface RevealValues {
  readonly reveal?: boolean | undefined;
  readonly 'key-store'?: string | undefined;
  readonly 'kek-env'?: string | undefined;
}

/** The environment variable that holds the key-encryption key when `--kek-env` names none. */
export const DEFAULT_KEK_ENV = 'REDRESS_KEK';

const refuse = (option: string, message: string) => new RedressError('VALIDATION', message, { option });

/**
 * The key file a command reads: the one `--key-store` names, or the one beside
 * a SQLite store if it exists; `undefined` when there is none. A named file
 * that does not exist is `VALIDATION`.
 *
 * @example
 * const path = keyFile(values['key-store'], source);
 */
export const keyFile = (named: string | undefined, source: Source): string | undefined => {
  if (named !== undefined) {
    if (!existsSync(named) || !statSync(named).isFile())
      throw refuse(
        '--key-store',
        `--key-store ${named}: no such key file; name the key file the log was written with (a SQLite store keeps it beside its file, as name.keys.db)`,
      );
    return named;
  }
  const beside = source.file === undefined ? undefined : keyFileBeside(source.file);
  return beside !== undefined && existsSync(beside) ? beside : undefined;
};

/**
 * The keyring of the key file at `path`, its keys unwrapped by the
 * key-encryption key in the environment variable `variable`. A missing or
 * malformed secret is `VALIDATION` naming the variable (`doing` says what
 * needs it: `--reveal`, `erase`); the secret is never shown. A secret that is
 * well formed but not the keys' one is found when the first key is unwrapped.
 *
 * @example
 * const keys = openKeyring('complaints.keys.db', 'REDRESS_KEK', process.env, 'erase');
 */
export const openKeyring = (path: string, variable: string, env: NodeJS.ProcessEnv, doing: string): SubjectKeys => {
  const secret = env[variable];
  if (secret === undefined || secret.trim() === '')
    throw refuse(
      '--kek-env',
      `${doing} reads the keys in ${path}, which needs their key-encryption key: set ${variable} to it (base64 of 32 bytes), or name the variable that holds it with --kek-env NAME`,
    );
  let kek: ReturnType<typeof secretKek>;
  try {
    kek = secretKek(secret);
  } catch (error) {
    throw refuse('--kek-env', `The key-encryption key in ${variable} is not one: ${(error as Error).message}`);
  }
  return subjectKeys({ store: sqliteKeyStore({ path }), kek });
};

/**
 * The lens a command shows personal data through, from its command line:
 * hidden without `--reveal`; with it, revealed, and decrypted with the keys of
 * `--key-store FILE` (default: the key file beside a SQLite store, if there is
 * one) unwrapped by the key-encryption key in the environment variable
 * `--kek-env` names (default `REDRESS_KEK`), both opened when the first
 * encrypted field needs a key. `--key-store` or `--kek-env` without
 * `--reveal`, a key file that does not exist or a missing or malformed secret
 * is `VALIDATION`; the secret is never shown.
 *
 * @example
 * const { lens, close } = openLens(values, process.env, source);
 * try { … } finally { await close(); }
 */
export const openLens = (
  values: RevealValues,
  env: NodeJS.ProcessEnv,
  source: Source,
): { lens: Lens; close: () => Promise<void> } => {
  const none = { close: async () => {} };
  if (values.reveal !== true) {
    const given = (['key-store', 'kek-env'] as const).filter((o) => values[o] !== undefined);
    if (given.length > 0)
      throw refuse(
        `--${given[0]}`,
        `${given.map((o) => `--${o}`).join(' and ')} ${given.length > 1 ? 'go' : 'goes'} with --reveal, which shows personal data; add --reveal, or leave ${given.length > 1 ? 'them' : 'it'} out`,
      );
    return { lens: { reveal: false }, ...none };
  }
  const path = keyFile(values['key-store'], source);
  if (path === undefined) {
    if (values['kek-env'] !== undefined)
      throw refuse(
        '--kek-env',
        '--kek-env names the key-encryption key of a key store: give the key file with --key-store FILE',
      );
    // A log written without encryption reveals without keys; one with ciphertext says it needs them.
    return { lens: { reveal: true }, ...none };
  }
  const variable = values['kek-env'] ?? DEFAULT_KEK_ENV;
  // Opened when the first encrypted field asks for a key: a log in clear reveals without the secret.
  let keys: SubjectKeys | undefined;
  const open = (): SubjectKeys => {
    keys ??= openKeyring(path, variable, env, '--reveal');
    return keys;
  };
  return {
    lens: { reveal: true, keys: { get: (id) => open().get(id), label: path } },
    close: async () => keys?.close(),
  };
};
