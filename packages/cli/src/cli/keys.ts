import { readFileSync } from 'node:fs';
import { RedressError, cosignatureVerifier, noteVerifier, type NoteVerifier } from '@redress/core';

// A vkey: `<name>+<8 hex digits>+<base64>`. A path does not look like this (and a key is never read as a path).
const VKEY = /^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]+={0,2}$/;

/** The lines of a key file, without blank ones and `#` comments. */
const keyLines = (path: string, option: string): string[] => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RedressError(
      'VALIDATION',
      `${option} ${path} is neither a public key (<name>+<key ID>+<key>) nor a file that can be read (${(error as Error).message})`,
      { option, path },
    );
  }
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
};

/**
 * The public keys an option names: the key itself (a vkey), or a file holding
 * one a line (`#` starts a comment).
 *
 * @example
 * publicKeys('complaints.example.com/log+1a2b3c4d+AY…', '--public-key'); // ['complaints.example.com/log+1a2b3c4d+AY…']
 * publicKeys('log.vkey', '--public-key'); // the keys in log.vkey
 */
export const publicKeys = (value: string, option: string): string[] =>
  VKEY.test(value) ? [value] : keyLines(value, option);

/**
 * The log's public key an option names (a vkey, or a file holding exactly one), as a verifier of checkpoints.
 *
 * @example
 * const verifier = logVerifier(values['public-key'], '--public-key');
 */
export const logVerifier = (value: string | undefined, option: string): NoteVerifier => {
  if (value === undefined)
    throw new RedressError(
      'VALIDATION',
      `${option} is needed: the log's public key (<name>+<key ID>+<key>), or a file that holds it`,
      { option },
    );
  const keys = publicKeys(value, option);
  if (keys.length !== 1)
    throw new RedressError(
      'VALIDATION',
      `${option} ${value} holds ${keys.length} keys; it must hold the log's one public key`,
      { option },
    );
  return noteVerifier(keys[0] as string);
};

/**
 * Verifiers of witnesses' cosignatures, from each value of a repeated option.
 *
 * @example
 * const witnesses = witnessVerifiers(values['witness-key'] ?? [], '--witness-key');
 */
export const witnessVerifiers = (values: readonly string[], option: string): NoteVerifier[] =>
  values.flatMap((v) => publicKeys(v, option)).map(cosignatureVerifier);

/**
 * A signing key from a file (never from the command line, where other users
 * of the machine can read it) or, without one, from an environment variable.
 * Its text is never shown, not even in an error.
 *
 * @example
 * const key = secretKey(values.key, 'REDRESS_WITNESS_KEY', process.env, '--key');
 */
export const secretKey = (
  path: string | undefined,
  variable: string,
  env: NodeJS.ProcessEnv,
  option: string,
): string => {
  if (path !== undefined) {
    try {
      return readFileSync(path, 'utf8').trim();
    } catch (error) {
      throw new RedressError(
        'VALIDATION',
        `${option} ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); name the file that holds the signing key`,
        { option, path },
      );
    }
  }
  const key = env[variable]?.trim();
  if (key === undefined || key === '')
    throw new RedressError(
      'VALIDATION',
      `No signing key: pass ${option} FILE (a file holding PRIVATE+KEY+…) or set ${variable}`,
      { option },
    );
  return key;
};
