import { RedressError } from '@redress/core';

/** The packages PostgreSQL needs, which a SQLite-only install goes without. */
export const POSTGRES_PACKAGES = ['@redress/store-postgres', 'pg'] as const;

/** Whether `error` says one of the PostgreSQL packages is not installed. */
export const isMissingPackage = (error: unknown): boolean =>
  error instanceof Error &&
  ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' ||
    (error as { code?: unknown }).code === 'MODULE_NOT_FOUND') &&
  POSTGRES_PACKAGES.some((name) => error.message.includes(`'${name}'`));

/**
 * Load a module that needs the PostgreSQL packages, which are optional peers
 * of the CLI: when they are missing, `STORE_UNAVAILABLE` saying what `doing`
 * needs and the command that installs them.
 *
 * @example
 * const { postgresSource } = await optionalPostgres('Reading a PostgreSQL store', () => import('./postgresSource'));
 */
export const optionalPostgres = async <M>(doing: string, load: () => Promise<M>): Promise<M> => {
  try {
    return await load();
  } catch (error) {
    if (!isMissingPackage(error)) throw error;
    throw new RedressError(
      'STORE_UNAVAILABLE',
      `${doing} needs ${POSTGRES_PACKAGES.join(' and ')}, which are not installed; install them beside @redress/cli: npm install ${POSTGRES_PACKAGES.join(' ')}`,
    );
  }
};
