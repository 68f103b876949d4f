/**
 * @redress/cli — the `redress` command: verify, replay, audit, stats, export and import complaint logs;
 * prove them against signed checkpoints and run a witness.
 * @packageDocumentation
 * @module @redress/cli
 */
export { main } from './cli/main';
export { EXIT } from './cli/exitCodes';
export { openSource, sourceKind } from './source/openSource';
export type { Source, RawStream, RawEvent } from './source/source';
export type { BadEvent } from './verify/verifyStream';
export { buildAudit, type Audit, type TimelineRow, type StageSpan, type DeadlineRow } from './audit/timeline';
export { renderHtml } from './audit/renderHtml';
export { renderText } from './audit/renderText';
export { stageDiagram } from './audit/stageDiagram';
