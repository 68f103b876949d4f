import { Immer, enableMapSet, freeze, isDraftable, type Draft, type Immutable } from 'immer';
import type { StoredEvent } from '../domain/envelope';
import type { EventType } from '../domain/events';
import { RedressError } from '../errors/redressError';
import type { Projection } from './projection';

/**
 * What a projection does with one event: change `draft` in place and return
 * nothing. The draft is an immer draft of the state; the state the runner holds
 * afterwards is a new frozen value that shares every part the handler left alone.
 *
 * @example
 * const count: ProjectionHandler<{ notes: number }, 'NoteAdded'> = (draft) => {
 *   draft.notes += 1;
 * };
 */
export type ProjectionHandler<S, T extends EventType = EventType> = (draft: Draft<S>, event: StoredEvent<T>) => void;

/**
 * Handlers by event type, each given the event narrowed to its type; `'*'`
 * takes every event that has no handler of its own. Events without either are
 * skipped.
 *
 * @example
 * const on: ProjectionHandlers<{ notes: number }> = {
 *   NoteAdded(draft, event) {
 *     draft.notes += event.data.text.length > 0 ? 1 : 0;
 *   },
 * };
 */
export type ProjectionHandlers<S> = { readonly [T in EventType]?: ProjectionHandler<S, T> } & {
  readonly '*'?: ProjectionHandler<S>;
};

/**
 * A read model written as immer handlers. `initial` is a plain object, an array,
 * a `Map` or a `Set`; `toJSON` and `fromJSON` are needed only when the state is
 * not JSON as it is (a `Map`, say) and the runner keeps snapshots.
 *
 * @example
 * const definition: ProjectionDefinition<{ received: number }> = {
 *   name: 'received-count',
 *   initial: { received: 0 },
 *   on: {
 *     ComplaintReceived(draft) {
 *       draft.received += 1;
 *     },
 *   },
 * };
 */
export interface ProjectionDefinition<S> {
  /** Names the checkpoint and the snapshot. */
  readonly name: string;
  /** The state before any event. */
  readonly initial: S;
  readonly on: ProjectionHandlers<S>;
  /** A JSON-safe form of the state, for snapshots. Default: the state itself. */
  toJSON?(state: Immutable<S>): unknown;
  /** The state from what `toJSON` gave. Default: the JSON itself. */
  fromJSON?(json: unknown): S;
}

// An instance of our own, so that an app's `setAutoFreeze(false)` cannot thaw our states.
const immer = new Immer({ autoFreeze: true });

/**
 * Define a projection by handlers that mutate an immer draft. Each state it
 * gives is deeply frozen, so a UI may hold it and compare by reference: parts
 * that no event touched are the very objects of the state before. A runner
 * applies a whole batch of events in one draft.
 *
 * @example
 * const byDepartment = defineProjection({
 *   name: 'accepted-by-department',
 *   initial: { accepted: {} as Record<string, number> },
 *   on: {
 *     ComplaintAccepted(draft, event) {
 *       draft.accepted[event.data.department] = (draft.accepted[event.data.department] ?? 0) + 1;
 *     },
 *   },
 * });
 * const runner = projectionRunner({ store, projection: byDepartment });
 */
export const defineProjection = <S>(definition: ProjectionDefinition<S>): Projection<Immutable<S>> => {
  enableMapSet();
  const { name, on } = definition;
  const draftable = (state: S, what: string): Immutable<S> => {
    if (!isDraftable(state)) {
      throw new RedressError(
        'VALIDATION',
        `Projection "${name}": ${what} must be a plain object, an array, a Map or a Set, ` +
          `so that handlers can change it in place; got ${state === null ? 'null' : typeof state}`,
      );
    }
    return freeze(state, true) as Immutable<S>;
  };
  const initial = draftable(definition.initial, 'the initial state');

  const fold = (draft: Draft<S>, event: StoredEvent) => {
    const handler = (on[event.type] ?? on['*']) as ProjectionHandler<S> | undefined;
    if (handler === undefined) return;
    const result: unknown = handler(draft, event);
    if (result !== undefined && result !== draft) {
      throw new RedressError(
        'VALIDATION',
        `Projection "${name}": the handler of ${event.type} returned a value; handlers change the draft in place ` +
          'and return nothing (give an arrow function a body in braces)',
      );
    }
  };
  const produce = (state: Immutable<S>, recipe: (draft: Draft<S>) => void): Immutable<S> =>
    immer.produce(state as S, (draft: Draft<S>) => {
      recipe(draft);
    }) as Immutable<S>;

  return {
    name,
    init: () => initial,
    apply: (state, event) => produce(state, (draft) => fold(draft, event)),
    applyAll: (state, events) =>
      produce(state, (draft) => {
        for (const event of events) fold(draft, event);
      }),
    ...(definition.toJSON === undefined ? {} : { toJSON: (state: Immutable<S>) => definition.toJSON?.(state) }),
    // A state from a snapshot is frozen like every other.
    fromJSON: (json) =>
      draftable(definition.fromJSON === undefined ? (json as S) : definition.fromJSON(json), 'a snapshot state'),
  };
};
