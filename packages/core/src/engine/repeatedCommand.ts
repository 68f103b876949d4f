import { COMMAND_EVENT, type ParsedCommand } from '../domain/commands';
import type { Complaint } from '../domain/complaint';
import type { StoredEvent } from '../domain/envelope';
import type { Policy } from '../domain/policy';
import { RedressError } from '../errors/redressError';
import type { EventStore } from '../store/eventStore';
import { readStore } from '../store/storeCall';
import type { CachedComplaint } from './complaintCache';
import type { LoadOptions } from './load';
import { sameCommand } from './sameCommand';

/** What answering a repeated command needs: the store, the policy and `engine.load`. */
export interface RepeatDeps {
  readonly store: EventStore;
  readonly policy: Policy;
  readonly load: (complaintId: string, options?: LoadOptions) => Promise<Complaint>;
}

/**
 * A command whose `commandId` the complaint has seen: the events it recorded
 * then and the complaint they left, or `CONFLICT` if the id was used for
 * another command (another type, content or actor).
 *
 * @example
 * if (entry.commands.has(cmd.commandId)) return { ...(await repeated(deps, id, entry, cmd.commandId, cmd)), duplicate: true };
 */
export const repeated = async (
  deps: RepeatDeps,
  id: string,
  entry: CachedComplaint,
  commandId: string,
  cmd: ParsedCommand,
): Promise<{ events: StoredEvent[]; complaint: Complaint }> => {
  const span = entry.commands.get(commandId) as { from: number; to: number };
  const events: StoredEvent[] = [];
  await readStore(deps.store.readStream(id, { fromVersion: span.from, toVersion: span.to }), (e) => events.push(e));
  const first = events[0];
  if (first !== undefined && first.type !== COMMAND_EVENT[cmd.type]) {
    throw new RedressError(
      'CONFLICT',
      `commandId "${commandId}" was already used for a different command (${first.type}); use a new commandId`,
      {
        commandId,
      },
    );
  }
  const before = span.from > 1 ? await deps.load(id, { atVersion: span.from - 1 }) : undefined;
  if (first !== undefined && !sameCommand(before, cmd, first, deps.policy)) {
    throw new RedressError(
      'CONFLICT',
      `commandId "${commandId}" was already used for a ${cmd.type} with other content or another actor; use a new commandId`,
      {
        commandId,
      },
    );
  }
  return { events, complaint: await deps.load(id, { atVersion: span.to }) };
};
