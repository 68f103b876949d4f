export { sqliteKeyStore, type SqliteKeyStore, type SqliteKeyStoreOptions } from './sqliteKeyStore';
export { keyFileBeside } from './keyFileBeside';
export { KEY_FILE_DDL, KEY_FILE_SCHEMA_VERSION } from './keyFileDdl';
