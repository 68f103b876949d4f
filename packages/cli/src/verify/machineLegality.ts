import { createActor, type AnyActorScope, type SnapshotFrom } from 'xstate';
import type { Complaint, StoredEvent } from '@redress/core';
import { complaintMachine } from '@redress/core/machine';

type Snapshot = SnapshotFrom<typeof complaintMachine>;

/**
 * An inert actor scope like the one XState's `transition()` builds on every
 * call, built once: the machine's own transition runs exactly as in
 * `transition(machine, snapshot, event)`, without creating a throwaway actor per
 * event (which is most of that call's cost). Actions are collected, never run;
 * the lifecycle only assigns.
 */
const inertScope = (): AnyActorScope => {
  const self = createActor(complaintMachine);
  return {
    self,
    defer: () => {},
    id: '',
    logger: () => {},
    sessionId: '',
    stopChild: () => {},
    system: self.system,
    emit: () => {},
    actionExecutor: () => {},
  } as unknown as AnyActorScope;
};

// The machine's first snapshot is the same for every stream and transitions never change a
// snapshot, so each scope computes it once rather than once per complaint.
const initialSnapshots = new WeakMap<AnyActorScope, Snapshot>();
const initialSnapshot = (scope: AnyActorScope): Snapshot => {
  let snapshot = initialSnapshots.get(scope);
  if (snapshot === undefined) {
    snapshot = complaintMachine.getInitialSnapshot(scope as never);
    initialSnapshots.set(scope, snapshot);
  }
  return snapshot;
};

/**
 * A `legal` check for core's `verifyEvents` that replays each event through the
 * XState lifecycle machine itself (not the derived table): the event is legal
 * when the machine takes a transition for it. One per stream: it keeps the
 * machine snapshot between events.
 *
 * @example
 * const result = await verifyEvents(events, { legal: machineLegality() });
 */
export const machineLegality = (scope: AnyActorScope = inertScope()) => {
  let snapshot = initialSnapshot(scope);
  return (_c: Complaint | undefined, event: StoredEvent): Complaint | undefined => {
    const next = complaintMachine.transition(snapshot, { type: event.type, event }, scope as never);
    // Every transition of the lifecycle assigns a new context: an untouched context means no transition.
    if (next.context === snapshot.context) return undefined;
    snapshot = next;
    return next.context.complaint;
  };
};

/** One scope for a whole run of many streams. */
export const sharedScope = inertScope;
