/**
 * @redress/store-sqlite — the embedded, durable event store of Redress (the default).
 * @packageDocumentation
 * @module @redress/store-sqlite
 */
export { sqliteStore, type SqliteStore, type SqliteStoreOptions } from './sqliteStore';
export type { Durability } from './schema/openDatabase';
export { SCHEMA_VERSION, DDL } from './schema/ddl';
export { readDeliveries, readOutbox } from './outbox/sqliteOutbox';
export {
  sqliteKeyStore,
  type SqliteKeyStore,
  type SqliteKeyStoreOptions,
  keyFileBeside,
  KEY_FILE_DDL,
  KEY_FILE_SCHEMA_VERSION,
} from './keys/index';
export { openReadOnly } from './readOnly/openReadOnly';
export { readOnlyTree } from './readOnly/readOnlyTree';
