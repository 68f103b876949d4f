import { initialTransition, transition } from 'xstate';
import type { Complaint, RecordedEvent } from '@redress/core';
import { complaintMachine } from '@redress/core/machine';

/** The outcome of folding a log through the lifecycle machine. */
export type MachineReplay =
  | { readonly ok: true; readonly complaint: Complaint | undefined }
  | {
      readonly ok: false;
      readonly version: number;
      readonly reason: string;
      readonly complaint: Complaint | undefined;
    };

/**
 * Fold a complaint's events through XState's own `transition()` on the lifecycle
 * machine: the slow, authoritative replay the fast table is checked against.
 * Every transition of the machine assigns a new context, so an event that leaves
 * the context untouched was not accepted by the machine.
 *
 * @example
 * const r = replayWithMachine(await engine.history('C-1'));
 * if (!r.ok) console.log(`v${r.version}: ${r.reason}`);
 */
export const replayWithMachine = (events: Iterable<RecordedEvent>): MachineReplay => {
  let [snapshot] = initialTransition(complaintMachine);
  for (const event of events) {
    const [next] = transition(complaintMachine, snapshot, { type: event.type, event });
    if (next.context === snapshot.context) {
      const stage = snapshot.context.complaint?.stage ?? 'new';
      return {
        ok: false,
        version: event.version,
        reason: `${event.type} is not legal in stage "${stage}"`,
        complaint: snapshot.context.complaint,
      };
    }
    snapshot = next;
  }
  return { ok: true, complaint: snapshot.context.complaint };
};
