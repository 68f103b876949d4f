import {
  isRedressError,
  RedressError,
  secretKek,
  shownText,
  subjectKeys,
  type KeyEncryptionKey,
  type SubjectKeys,
} from '@redress/core';
import type { OptionSpecs } from '../cli/command';
import type { Source } from '../source/source';
import { keyStoreTarget, openKeyStore, type KeyStoreTarget } from './keyStoreTarget';
import type { Lens } from './personalFields';

export { REVEALED_NOTICE } from './personalFields';

/**
 * The options of a command that can show personal data: `--reveal` asks for
 * it, `--key-store` and `--kek-env` give the keys to decrypt it with, and
 * `--kek-id` the key-encryption key's id when the app gave it one of its own
 * (`secretKek(secret, { id })`).
 *
 * @example
 * options: { format: { type: 'string' }, ...REVEAL_OPTIONS }
 */
export const REVEAL_OPTIONS = {
  reveal: { type: 'boolean' },
  'key-store': { type: 'string' },
  'key-schema': { type: 'string' },
  'kek-env': { type: 'string' },
  'kek-id': { type: 'string' },
} as const satisfies OptionSpecs;

/** The values of {@link REVEAL_OPTIONS} on a command line. */
export interface RevealValues {
  readonly reveal?: boolean | undefined;
  readonly 'key-store'?: string | undefined;
  readonly 'key-schema'?: string | undefined;
  readonly 'kek-env'?: string | undefined;
  readonly 'kek-id'?: string | undefined;
}

/**
 * Where the key-encryption key is: the environment variable holding its
 * secret, and its id when it is not the one derived from the secret.
 */
export interface KekSource {
  readonly variable: string;
  readonly id?: string | undefined;
  /** The options that name them, for messages. Default `--kek-env` and `--kek-id`. */
  readonly options?: { readonly variable: string; readonly id: string };
}

/** The environment variable that holds the key-encryption key when `--kek-env` names none. */
export const DEFAULT_KEK_ENV = 'REDRESS_KEK';

const refuse = (option: string, message: string) => new RedressError('VALIDATION', message, { option });

/**
 * The key-encryption key in the environment variable `source.variable`, with
 * the id `source.id` if given (else the one derived from the secret). A
 * missing or malformed secret, or a malformed id, is `VALIDATION` naming the
 * option (`doing` says what needs it, `where` whose keys: `--reveal`,
 * `erase`); the secret is never shown. A secret or id that is well formed but
 * not the keys' one is found when the first key is unwrapped.
 *
 * @example
 * const kek = kekFromEnv({ variable: 'REDRESS_KEK', id: 'prod-2026' }, process.env, 'erase', 'complaints.keys.db');
 */
export const kekFromEnv = (
  source: KekSource,
  env: NodeJS.ProcessEnv,
  doing: string,
  where: string,
): KeyEncryptionKey => {
  const { variable, id } = source;
  const option = source.options?.variable ?? '--kek-env';
  const idOption = source.options?.id ?? '--kek-id';
  const secret = env[variable];
  if (secret === undefined || secret.trim() === '')
    throw refuse(
      option,
      `${doing} reads the keys in ${where}, which needs their key-encryption key: set ${variable} to it (base64 of 32 bytes), or name the variable that holds it with ${option} NAME`,
    );
  if (id === '')
    throw refuse(idOption, `${idOption} needs the key-encryption key's id, as the app gave it to secretKek`);
  try {
    return secretKek(secret, id === undefined ? {} : { id });
  } catch (error) {
    const named = id !== undefined && /\bid\b/.test((error as Error).message);
    throw refuse(
      named ? idOption : option,
      named
        ? `${idOption} is not a key-encryption key id: ${(error as Error).message}`
        : `The key-encryption key in ${variable} is not one: ${(error as Error).message}`,
    );
  }
};

/**
 * The data keys are wrapped by a key-encryption key of another id than the one
 * given: say how to name it on the command line. Other errors pass unchanged.
 */
const withKekIdHint = (error: unknown, source: KekSource): unknown => {
  if (!isRedressError(error, 'VALIDATION')) return error;
  const stored = error.details?.storedKekId;
  if (stored === undefined) return error;
  const idOption = source.options?.id ?? '--kek-id';
  return new RedressError(
    'VALIDATION',
    `${error.message}. If the secret in ${source.variable} is that key-encryption key under an id of the app's own, give the id: ${idOption} ${shownText(stored)}`,
    { ...error.details, option: idOption },
    { cause: error },
  );
};

/**
 * The keyring of the key store `target` names (a key file or a PostgreSQL key
 * table), its keys unwrapped by the key-encryption key `source` names (see
 * {@link kekFromEnv}). A key wrapped under another key-encryption key id is
 * refused with the option that names the id.
 *
 * @example
 * const keys = await openKeyring(target, { variable: 'REDRESS_KEK' }, process.env, 'erase');
 */
export const openKeyring = async (
  target: KeyStoreTarget,
  source: KekSource,
  env: NodeJS.ProcessEnv,
  doing: string,
): Promise<SubjectKeys> => {
  const kek = kekFromEnv(source, env, doing, target.label);
  const keys = subjectKeys({ store: await openKeyStore(target), kek });
  const hinted =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await f(...args);
      } catch (error) {
        throw withKekIdHint(error, source);
      }
    };
  return { ...keys, get: hinted(keys.get), create: hinted(keys.create) };
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
    const given = (['key-store', 'key-schema', 'kek-env', 'kek-id'] as const).filter((o) => values[o] !== undefined);
    if (given.length > 0)
      throw refuse(
        `--${given[0]}`,
        `${given.map((o) => `--${o}`).join(' and ')} ${given.length > 1 ? 'go' : 'goes'} with --reveal, which shows personal data; add --reveal, or leave ${given.length > 1 ? 'them' : 'it'} out`,
      );
    return { lens: { reveal: false }, ...none };
  }
  const target = keyStoreTarget(values['key-store'], values['key-schema'], source);
  if (target === undefined) {
    const named = (['kek-env', 'kek-id'] as const).find((o) => values[o] !== undefined);
    if (named !== undefined)
      throw refuse(
        `--${named}`,
        `--${named} names the key-encryption key of a key store: give the key store with --key-store FILE or --key-store postgres://…`,
      );
    // A log written without encryption reveals without keys; one with ciphertext says it needs them.
    return { lens: { reveal: true }, ...none };
  }
  const kek: KekSource = { variable: values['kek-env'] ?? DEFAULT_KEK_ENV, id: values['kek-id'] };
  // Opened when the first encrypted field asks for a key: a log in clear reveals without the secret.
  let keys: Promise<SubjectKeys> | undefined;
  const open = (): Promise<SubjectKeys> => {
    keys ??= openKeyring(target, kek, env, '--reveal');
    return keys;
  };
  return {
    lens: { reveal: true, keys: { get: async (id) => (await open()).get(id), label: target.label } },
    close: async () => (await keys?.catch(() => undefined))?.close(),
  };
};
