import { isRedressError, RedressError, type KeyStore } from '@redress/core';
import { postgresKeyStore } from '@redress/store-postgres';

/**
 * The PostgreSQL key store at `url`, checked at once (the table exists and is
 * a Redress key table), so a wrong URL or schema fails before any work.
 * Loaded only for a `postgres://` key store: its driver is an optional peer.
 *
 * @example
 * const store = await postgresKeys('postgres://postgres@127.0.0.1/test', 'redress_keys', label);
 */
export const postgresKeys = async (url: string, schema: string, label: string): Promise<KeyStore> => {
  const store = postgresKeyStore({ connectionString: url, schema, createSchema: false, maxConnections: 2 });
  try {
    await store.fetch('redress-cli-probe');
  } catch (error) {
    await store.close();
    if (isRedressError(error) && error.code !== 'STORE_UNAVAILABLE')
      throw new RedressError(error.code, `${error.message} (key store ${label})`, error.details as never);
    throw new RedressError(
      'STORE_UNAVAILABLE',
      `Cannot reach the PostgreSQL key store ${label}: ${(error as Error).message}; check that the server runs and the URL is right`,
      { label },
      { cause: error },
    );
  }
  return store;
};
