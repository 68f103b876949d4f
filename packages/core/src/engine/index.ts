export { createEngine, type Engine } from './createEngine';
export type { EngineOptions } from './engineOptions';
export type { ExecuteResult } from './execute';
export type { LoadOptions } from './load';
export { parseCommand } from './parseCommand';
export { uuidv7, uuidIds, sequentialIds, type IdGenerator } from './ids';
export { replay, replayer, type Replayed } from './replay';
