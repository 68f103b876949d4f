import { RedressError } from '@redress/core';
import { ndjsonSource } from './ndjsonSource';
import type { Source } from './source';
import { sqliteSource } from './sqliteSource';

/**
 * Which kind of store a `--store` value names.
 *
 * @example
 * sourceKind('postgres://db/redress'); // 'postgres'
 * sourceKind('export.ndjson'); // 'ndjson'
 * sourceKind('complaints.db'); // 'sqlite'
 */
export const sourceKind = (target: string): Source['kind'] => {
  if (/^postgres(ql)?:\/\//i.test(target)) return 'postgres';
  if (/\.(nd)?jsonl?$/i.test(target)) return 'ndjson';
  return 'sqlite';
};

/** The packages a PostgreSQL store needs, which a SQLite-only install goes without. */
const POSTGRES_PACKAGES = ['@redress/store-postgres', 'pg'];

const isMissingPackage = (error: unknown) =>
  error instanceof Error &&
  ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' ||
    (error as { code?: unknown }).code === 'MODULE_NOT_FOUND') &&
  POSTGRES_PACKAGES.some((name) => error.message.includes(`'${name}'`));

/** The PostgreSQL source, loaded only for a `postgres://` store: its driver is an optional dependency. */
const postgresSupport = async () => {
  try {
    return await import('./postgresSource');
  } catch (error) {
    if (!isMissingPackage(error)) throw error;
    throw new RedressError(
      'STORE_UNAVAILABLE',
      `Reading a PostgreSQL store needs ${POSTGRES_PACKAGES.join(' and ')}, which are not installed; install them beside @redress/cli: npm install ${POSTGRES_PACKAGES.join(' ')}`,
    );
  }
};

/**
 * Open what `--store` points at: a `postgres://` URL, an `.ndjson` export, or a
 * SQLite file (anything else). `create` lets import make a new store.
 *
 * @example
 * const source = await openSource('complaints.db', { create: false });
 */
export const openSource = async (
  target: string | undefined,
  options: { create?: boolean; schema?: string | undefined } = {},
): Promise<Source> => {
  if (target === undefined || target === '') {
    throw new RedressError(
      'VALIDATION',
      'No store given; pass --store <file.db | postgres://… | file.ndjson> or set REDRESS_STORE',
    );
  }
  const create = options.create ?? false;
  switch (sourceKind(target)) {
    case 'postgres':
      return (await postgresSupport()).postgresSource(target, { create, schema: options.schema });
    case 'ndjson':
      return ndjsonSource(target);
    case 'sqlite':
      return sqliteSource(target, { create });
  }
};
