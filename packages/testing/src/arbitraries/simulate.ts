import {
  decide,
  parseCommand,
  step,
  type Command,
  type Complaint,
  type Policy,
  type RecordedEvent,
} from '@redress/core';

/**
 * Where the lifecycle takes `complaint` when `command` happens, computed with
 * core's own pure pieces (`parseCommand`, `decide`, the transition table), without
 * a store, hashes or a clock. Throws if the lifecycle refuses the command.
 *
 * @example
 * let c: Complaint | undefined;
 * for (const cmd of commands) c = simulateCommand(c, cmd, defaultPolicy);
 */
export const simulateCommand = (complaint: Complaint | undefined, command: Command, policy: Policy): Complaint => {
  const parsed = parseCommand(command);
  const streamId = parsed.complaintId ?? 'C-simulated';
  let state = complaint;
  for (const draft of decide(state, parsed, policy)) {
    const version = (state?.version ?? 0) + 1;
    const event = {
      id: `sim-${version}`,
      streamId,
      version,
      type: draft.type,
      schemaVersion: 1,
      data: draft.data,
      actor: parsed.actor,
      occurredAt: new Date(0).toISOString(),
      correlationId: 'sim',
      causationId: null,
      commandId: parsed.commandId ?? null,
      prevHash: '',
      hash: '',
    } as RecordedEvent;
    const next = step(state, event);
    if (next === undefined) {
      throw new Error(`The lifecycle refuses ${command.type} (${draft.type}) in stage "${state?.stage ?? 'new'}"`);
    }
    state = next;
  }
  if (state === undefined) throw new Error(`${command.type} recorded no event`);
  return state;
};
