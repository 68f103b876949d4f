/**
 * @redress/store-postgres — a shared Redress event store on PostgreSQL, for many app instances.
 * @packageDocumentation
 * @module @redress/store-postgres
 */
export { postgresStore, type PostgresStore, type PostgresStoreOptions } from './postgresStore';
export { schemaSql, SCHEMA_VERSION } from './schema/ddl';
export {
  postgresKeyStore,
  type PostgresKeyStore,
  type PostgresKeyStoreOptions,
  keyStoreSql,
  KEY_TABLE_VERSION,
} from './keys/index';
export { tenantSchemaSql } from './tenants/tenantSql';
export {
  sqlStatistics,
  type SqlStatisticsOptions,
  type StatisticsCounts,
} from './statistics/sqlStatistics';
