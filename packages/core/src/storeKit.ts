/**
 * @redress/core/store-kit — what an event store's authors share: the checks of an
 * append's arguments and of a store's options, and the read path (row to event,
 * paged reads). Applications need none of it; they pass a store to `createEngine`.
 * @packageDocumentation
 * @module @redress/core/store-kit
 */
export { versionConflict, checkAppendArgs } from './store/conflict';
export { pagedEvents, convertPage } from './store/pagedEvents';
export { optionChecks, shownValue, isRecord } from './store/optionChecks';
export { eventParser, type EventParser } from './store/read/eventParser';
export { rowReader, type RowReader, type EventRows, type PlaceOf } from './store/read/rowReader';
