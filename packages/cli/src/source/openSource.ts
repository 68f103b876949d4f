import { RedressError } from '@redress/core';
import { ndjsonSource } from './ndjsonSource';
import { optionalPostgres } from './optionalPostgres';
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
      return (await optionalPostgres('Reading a PostgreSQL store', () => import('./postgresSource'))).postgresSource(
        target,
        { create, schema: options.schema },
      );
    case 'ndjson':
      return ndjsonSource(target);
    case 'sqlite':
      return sqliteSource(target, { create });
  }
};
