import type { StoredEvent } from '../domain/envelope';

/**
 * A read model fed by the global event order. `apply` must depend on the events
 * alone (no clock, no randomness), so that a rebuild from scratch gives the same
 * state as the one maintained event by event. It may change `state` in place.
 */
export interface Projection<S> {
  /** Names the checkpoint and the snapshot. */
  readonly name: string;
  init(): S;
  apply(state: S, event: StoredEvent): S;
  /**
   * Apply events in order, giving what `apply` gives one by one, for projections
   * that pay per call (an immer draft copies the state it changes). When it
   * throws, `state` must be as it was: the runner then applies the events one by
   * one, to stop at the event that fails.
   */
  applyAll?(state: S, events: readonly StoredEvent[]): S;
  /** A JSON-safe form of the state, for snapshots. Default: the state itself. */
  toJSON?(state: S): unknown;
  fromJSON?(json: unknown): S;
}

/**
 * Fold events through a projection in one go: what a rebuild from scratch computes.
 *
 * @example
 * const state = foldProjection(complaintListProjection(), events);
 */
export const foldProjection = <S>(projection: Projection<S>, events: Iterable<StoredEvent>): S => {
  if (projection.applyAll !== undefined) return projection.applyAll(projection.init(), [...events]);
  let state = projection.init();
  for (const e of events) state = projection.apply(state, e);
  return state;
};
