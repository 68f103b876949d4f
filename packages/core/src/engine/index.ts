export { createEngine, type Engine, type EngineOptions, type ExecuteResult, type LoadOptions } from './createEngine';
export { parseCommand } from './parseCommand';
export { uuidv7, uuidIds, sequentialIds, type IdGenerator } from './ids';
export { replay, replayer, type Replayed } from './replay';
