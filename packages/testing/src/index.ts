/**
 * @redress/testing — fast-check arbitraries, the model-based runner and the contract suites for event and key stores.
 * @packageDocumentation
 * @module @redress/testing
 */
export * from './arbitraries/index';
export * from './modelRunner/index';
export * from './storeContract/index';
export * from './keyStoreContract/index';
export * from './tamperContract/index';
export * from './witness/index';
export * from './contention/index';
export * from './publisherContract/index';
