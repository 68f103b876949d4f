import { existsSync, statSync } from 'node:fs';
import { RedressError, type KeyStore } from '@redress/core';
import { keyFileBeside, sqliteKeyStore } from '@redress/store-sqlite';
import { optionalPostgres } from '../source/optionalPostgres';
import type { Source } from '../source/source';

/**
 * Where a command's keys are: a SQLite key file, or a PostgreSQL key table
 * (`postgres://…`, its schema from `?schema=` or `--key-schema`, default `redress_keys`).
 *
 * @example
 * const target = keyStoreTarget('postgres://postgres@127.0.0.1/test?schema=keys', undefined, source);
 */
export type KeyStoreTarget =
  | { readonly kind: 'sqlite'; readonly path: string; readonly label: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema: string; readonly label: string };

const refuse = (option: string, message: string) => new RedressError('VALIDATION', message, { option });

const isPostgres = (value: string) => /^postgres(ql)?:\/\//i.test(value);

/**
 * The key store a command reads: the one `--key-store` names (a key file or a
 * `postgres://` URL), or else the key file beside a SQLite store if it exists;
 * `undefined` when there is none. A named file that does not exist is
 * `VALIDATION`, and so is `--key-schema` without a PostgreSQL key store.
 *
 * @example
 * const target = keyStoreTarget(values['key-store'], values['key-schema'], source);
 */
export const keyStoreTarget = (
  named: string | undefined,
  schema: string | undefined,
  source: Source | undefined,
): KeyStoreTarget | undefined => {
  if (named !== undefined && isPostgres(named)) {
    const { url, schema: chosen, label } = postgresKeyUrl(named, schema);
    return { kind: 'postgres', url, schema: chosen, label };
  }
  if (schema !== undefined)
    throw refuse(
      '--key-schema',
      '--key-schema picks the schema of a PostgreSQL key table; give the key store as --key-store postgres://…, or leave --key-schema out',
    );
  if (named !== undefined) {
    if (!existsSync(named) || !statSync(named).isFile())
      throw refuse(
        '--key-store',
        `--key-store ${named}: no such key file; name the key file the log was written with (a SQLite store keeps it beside its file, as name.keys.db), or a PostgreSQL key table as postgres://…`,
      );
    return { kind: 'sqlite', path: named, label: named };
  }
  const beside = source?.file === undefined ? undefined : keyFileBeside(source.file);
  return beside !== undefined && existsSync(beside) ? { kind: 'sqlite', path: beside, label: beside } : undefined;
};

/** The URL with whatever could be a password shown as `***`, for messages. */
const masked = (url: string): string =>
  url.replace(/(\/\/[^/@:]*:)[^/@]*@/, '$1***@').replace(/([?&](?:ssl)?password=)[^&#]*/gi, '$1***');

/** Split `?schema=` off a key store's URL (it is ours, not libpq's); the label hides the password. */
const postgresKeyUrl = (value: string, flag: string | undefined) => {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw refuse(
      '--key-store',
      `--key-store ${masked(value)} is not a valid URL; write it as postgres://user@host:5432/database`,
    );
  }
  const schema = flag ?? parsed.searchParams.get('schema') ?? 'redress_keys';
  parsed.searchParams.delete('schema');
  return { url: parsed.href, schema, label: `${masked(parsed.href)} (key table ${schema}.subject_keys)` };
};

/**
 * Open the key store a target names. A PostgreSQL key table is never created
 * here: one that is missing is `VALIDATION` saying so. Without the PostgreSQL
 * packages it is `STORE_UNAVAILABLE` naming what to install.
 *
 * @example
 * const store = await openKeyStore(target);
 */
export const openKeyStore = async (target: KeyStoreTarget): Promise<KeyStore> => {
  if (target.kind === 'sqlite') return sqliteKeyStore({ path: target.path });
  const { postgresKeys } = await optionalPostgres('A PostgreSQL key store', () => import('./postgresKeys'));
  return postgresKeys(target.url, target.schema, target.label);
};
