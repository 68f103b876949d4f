/**
 * @redress/core — the complaint lifecycle, the engine, the memory store and the audit tools.
 * @packageDocumentation
 * @module @redress/core
 */
export * from './domain/index';
export * from './engine/index';
export * from './store/index';
export * from './audit/index';
export * from './merkle/index';
export * from './checkpoint/index';
export * from './trust/index';
export * from './proof/index';
export * from './witness/index';
export * from './checkpointer/index';
export * from './errors/index';
export * from './notifications/index';
export * from './delivery/index';
export * from './deadlines/index';
export * from './projections/index';
export * from './publisher/index';
export * from './privacy/index';
