import type { Complaint } from '../domain/complaint';
import type { RecordedEvent } from '../domain/envelope';
import { step, transitionTable, type TransitionTable } from '../domain/transitionTable';
import { RedressError } from '../errors/redressError';

/** The fold of a complaint's events with what the engine needs to know about commands. */
export interface Replayed {
  complaint: Complaint | undefined;
  commands: Map<string, { from: number; to: number }>;
}

/**
 * A fold in progress: feed it events in order.
 *
 * @example
 * const r = replayer();
 * for (const e of events) r.add(e);
 * r.state.complaint?.stage; // e.g. 'judged'
 */
export const replayer = (
  start: {
    readonly complaint: Complaint | undefined;
    readonly commands: ReadonlyMap<string, { from: number; to: number }>;
  } = {
    complaint: undefined,
    commands: new Map(),
  },
  table: TransitionTable = transitionTable,
) => {
  // The fold adds to its own copy of the command index; `start` stays as it was.
  const state: Replayed = { complaint: start.complaint, commands: new Map(start.commands) };
  return {
    state,
    add(event: RecordedEvent) {
      const expected = (state.complaint?.version ?? 0) + 1;
      if (event.version !== expected) {
        throw new RedressError(
          'TAMPERED',
          `Stream ${event.streamId} jumps from version ${expected - 1} to ${event.version}`,
          {
            streamId: event.streamId,
            version: expected,
          },
        );
      }
      const next = step(state.complaint, event, table);
      if (next === undefined) {
        throw new RedressError(
          'TAMPERED',
          `Stored event ${event.streamId} v${event.version} (${event.type}) is not legal in stage "${state.complaint?.stage ?? 'new'}"`,
          { streamId: event.streamId, version: event.version },
        );
      }
      state.complaint = next;
      if (event.commandId !== null) {
        const seen = state.commands.get(event.commandId);
        state.commands.set(event.commandId, { from: seen?.from ?? event.version, to: event.version });
      }
    },
  };
};

/**
 * Fold events into a complaint through the transition table.
 *
 * @example
 * const complaint = await replay(store.readStream('C-1'));
 */
export const replay = async (
  events: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>,
): Promise<Complaint | undefined> => {
  const r = replayer();
  for await (const e of events) r.add(e);
  return r.state.complaint;
};
