/**
 * @redress/testing — fast-check arbitraries, the model-based runner and the store contract suite.
 * @packageDocumentation
 */
export * from './arbitraries/index';
export * from './modelRunner/index';
export * from './storeContract/index';
