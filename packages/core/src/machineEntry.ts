/**
 * @redress/core/machine — the lifecycle as an XState machine, for those who run
 * it with XState themselves (`transition`, `createActor`). The main entry holds none of XState's types, so
 * an application type-checks its dependencies (`skipLibCheck: false`) with
 * `exactOptionalPropertyTypes` on; XState's own declarations do not compile
 * there, so importing this entry needs `skipLibCheck` or the flag off.
 *
 * @example
 * import { initialTransition, transition } from 'xstate';
 * import { complaintMachine } from '@redress/core/machine';
 * @packageDocumentation
 * @module @redress/core/machine
 */
export { complaintMachine, type ComplaintMachine } from './domain/machine';
