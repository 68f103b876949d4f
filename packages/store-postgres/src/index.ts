/**
 * @redress/store-postgres — a shared Redress event store on PostgreSQL, for many app instances.
 * @packageDocumentation
 */
export { postgresStore, type PostgresStoreOptions } from './postgresStore';
export { schemaSql, SCHEMA_VERSION } from './schema/ddl';
