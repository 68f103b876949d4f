import type { Complaint } from '../domain/complaint';
import type { StoredEvent } from '../domain/envelope';
import { step } from '../domain/transitionTable';
import { RedressError } from '../errors/redressError';
import type { Projection } from './projection';

/** The complaint list's state: every complaint folded from its events, by id. */
export type ComplaintListState = Map<string, Complaint>;

/**
 * The complaint list: every complaint as its events leave it (stage, department,
 * assignee, priority, deadlines). Query it with `queryComplaints`.
 *
 * @example
 * const list = projectionRunner({ store, projection: complaintListProjection() });
 * await list.catchUp();
 * queryComplaints(list.state, { department: 'billing', overdue: true, now: new Date() });
 */
export const complaintListProjection = (name = 'complaint-list'): Projection<ComplaintListState> => ({
  name,
  init: () => new Map(),
  apply(state, event: StoredEvent) {
    const prev = state.get(event.streamId);
    if ((prev?.version ?? 0) >= event.version) return state; // already folded (at-least-once delivery)
    const next = step(prev, event);
    if (next === undefined || event.version !== (prev?.version ?? 0) + 1) {
      throw new RedressError(
        'TAMPERED',
        `Event ${event.streamId} v${event.version} (${event.type}) does not follow v${prev?.version ?? 0} in stage "${prev?.stage ?? 'new'}"; the log is not one Redress wrote`,
        { streamId: event.streamId, version: event.version },
      );
    }
    state.set(event.streamId, next);
    return state;
  },
  toJSON: (state) => [...state.values()],
  fromJSON: (json) => new Map((json as Complaint[]).map((c) => [c.id, c])),
});
