import { RedressError, secretKek, subjectKeys, type KeyEncryptionKey, type SubjectKeys } from '@redress/core';
import type { OptionSpecs } from '../cli/command';
import type { Source } from '../source/source';
import { keyStoreTarget, openKeyStore, type KeyStoreTarget } from './keyStoreTarget';
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
  'key-schema': { type: 'string' },
  'kek-env': { type: 'string' },
} as const satisfies OptionSpecs;

/** The values of {@link REVEAL_OPTIONS} on a command line. */
export interface RevealValues {
  readonly reveal?: boolean | undefined;
  readonly 'key-store'?: string | undefined;
  readonly 'key-schema'?: string | undefined;
  readonly 'kek-env'?: string | undefined;
}

/** The environment variable that holds the key-encryption key when `--kek-env` names none. */
export const DEFAULT_KEK_ENV = 'REDRESS_KEK';

const refuse = (option: string, message: string) => new RedressError('VALIDATION', message, { option });

/**
 * The key-encryption key in the environment variable `variable`. A missing or
 * malformed secret is `VALIDATION` naming the variable (`doing` says what
 * needs it, `where` whose keys: `--reveal`, `erase`); the secret is never
 * shown. A secret that is well formed but not the keys' one is found when the
 * first key is unwrapped.
 *
 * @example
 * const kek = kekFromEnv('REDRESS_KEK', process.env, 'erase', 'complaints.keys.db', '--kek-env');
 */
export const kekFromEnv = (
  variable: string,
  env: NodeJS.ProcessEnv,
  doing: string,
  where: string,
  option = '--kek-env',
): KeyEncryptionKey => {
  const secret = env[variable];
  if (secret === undefined || secret.trim() === '')
    throw refuse(
      option,
      `${doing} reads the keys in ${where}, which needs their key-encryption key: set ${variable} to it (base64 of 32 bytes), or name the variable that holds it with ${option} NAME`,
    );
  try {
    return secretKek(secret);
  } catch (error) {
    throw refuse(option, `The key-encryption key in ${variable} is not one: ${(error as Error).message}`);
  }
};

/**
 * The keyring of the key store `target` names (a key file or a PostgreSQL key
 * table), its keys unwrapped by the key-encryption key in the environment
 * variable `variable` (see {@link kekFromEnv}).
 *
 * @example
 * const keys = await openKeyring(target, 'REDRESS_KEK', process.env, 'erase');
 */
export const openKeyring = async (
  target: KeyStoreTarget,
  variable: string,
  env: NodeJS.ProcessEnv,
  doing: string,
): Promise<SubjectKeys> => {
  const kek = kekFromEnv(variable, env, doing, target.label);
  return subjectKeys({ store: await openKeyStore(target), kek });
};

/**
 * The lens a command shows personal data through, from its command line:
 * hidden without `--reveal`; with it, revealed, and decrypted with the keys of
 * `--key-store FILE` or `--key-store postgres://…` (default: the key file beside a
 * SQLite store, if there is one) unwrapped by the key-encryption key in the environment variable
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
    const given = (['key-store', 'key-schema', 'kek-env'] as const).filter((o) => values[o] !== undefined);
    if (given.length > 0)
      throw refuse(
        `--${given[0]}`,
        `${given.map((o) => `--${o}`).join(' and ')} ${given.length > 1 ? 'go' : 'goes'} with --reveal, which shows personal data; add --reveal, or leave ${given.length > 1 ? 'them' : 'it'} out`,
      );
    return { lens: { reveal: false }, ...none };
  }
  const target = keyStoreTarget(values['key-store'], values['key-schema'], source);
  if (target === undefined) {
    if (values['kek-env'] !== undefined)
      throw refuse(
        '--kek-env',
        '--kek-env names the key-encryption key of a key store: give the key store with --key-store FILE or --key-store postgres://…',
      );
    // A log written without encryption reveals without keys; one with ciphertext says it needs them.
    return { lens: { reveal: true }, ...none };
  }
  const variable = values['kek-env'] ?? DEFAULT_KEK_ENV;
  // Opened when the first encrypted field asks for a key: a log in clear reveals without the secret.
  let keys: Promise<SubjectKeys> | undefined;
  const open = (): Promise<SubjectKeys> => {
    keys ??= openKeyring(target, variable, env, '--reveal');
    return keys;
  };
  return {
    lens: { reveal: true, keys: { get: async (id) => (await open()).get(id), label: target.label } },
    close: async () => (await keys?.catch(() => undefined))?.close(),
  };
};
