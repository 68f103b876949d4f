export { postgresKeyStore, type PostgresKeyStore } from './postgresKeyStore';
export type { PostgresKeyStoreOptions } from './keyStoreOptions';
export { keyStoreSql, KEY_TABLE_VERSION } from './keyTableSql';
