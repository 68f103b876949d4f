import type { ParsedCommand, ParsedCommandOf } from '../domain/commands';
import type { Complaint } from '../domain/complaint';
import type { RecordedEvent } from '../domain/envelope';
import type { DomainEvent } from '../domain/events';
import type { Policy } from '../domain/policy';
import { step, whyNot } from '../domain/transitionTable';
import { RedressError } from '../errors/redressError';
import { authorize } from './authorize';
import { notAllowed } from './checkLifecycle';
import type { ComplaintLoader } from './load';

type TwoStreamCommand = ParsedCommandOf<'link'> | ParsedCommandOf<'merge'>;

/** What `linkedComplaints` needs of the executor. */
export interface LinkedComplaintsDeps<R> {
  /** Run a command on one stream; `drafts` replaces what `decide` would record (the other side's record). */
  readonly onStream: (
    id: string,
    cmd: ParsedCommand,
    drafts?: (c: Complaint | undefined) => DomainEvent[],
  ) => Promise<R>;
  readonly complaints: ComplaintLoader;
  readonly policy: Policy;
}

/** The event the other complaint records, as the lifecycle would see it, to ask it beforehand. */
const probe = (c: Complaint, draft: DomainEvent, cmd: ParsedCommand): RecordedEvent =>
  ({ ...draft, streamId: c.id, version: c.version + 1, occurredAt: c.updatedAt, actor: cmd.actor }) as RecordedEvent;

const mustExist = async (complaints: ComplaintLoader, id: string, role: string): Promise<Complaint> => {
  const found = (await complaints.current(id))?.complaint;
  if (found === undefined)
    throw new RedressError('NOT_FOUND', `No complaint ${id} (${role}); check the id`, { complaintId: id });
  return found;
};

/**
 * `link` and `merge`, the commands that write to two complaints. The other
 * complaint is asked first (role, department, lifecycle), so a command it would
 * refuse writes nothing anywhere; then the named complaint records the command
 * and the other records its side: `ComplaintLinked` back, or `DuplicateMerged`.
 * The two writes are not one transaction: should the second fail, the same
 * command again finds the first side done and writes the missing one.
 *
 * @example
 * const twoStreams = linkedComplaints({ onStream, complaints, policy });
 * await twoStreams(parseCommand({ type: 'merge', complaintId: 'C-9', into: 'C-4', actor }));
 */
export const linkedComplaints =
  <R extends { readonly complaint: Complaint }>(deps: LinkedComplaintsDeps<R>) =>
  async (cmd: TwoStreamCommand): Promise<R> => {
    const otherId = cmd.type === 'link' ? cmd.relatedId : cmd.into;
    if (otherId === cmd.complaintId) {
      throw new RedressError(
        'VALIDATION',
        `Cannot ${cmd.type} complaint ${cmd.complaintId} with itself; name another complaint`,
        { field: cmd.type === 'link' ? 'relatedId' : 'into' },
      );
    }
    const here = await mustExist(deps.complaints, cmd.complaintId, 'the complaint the command names');
    const other = await mustExist(
      deps.complaints,
      otherId,
      cmd.type === 'link' ? 'the complaint to link to' : 'the complaint to merge into',
    );
    if (cmd.type === 'merge' && other.mergedInto !== undefined) {
      throw new RedressError(
        'NOT_ALLOWED',
        `Cannot merge: complaint ${other.id} was itself merged into ${other.mergedInto}; merge into ${other.mergedInto} instead`,
        { command: 'merge', stage: other.stage, allowed: [] },
      );
    }
    const back: DomainEvent =
      cmd.type === 'link'
        ? { type: 'ComplaintLinked', data: { relatedId: cmd.complaintId } }
        : { type: 'DuplicateMerged', data: { duplicateId: cmd.complaintId } };
    const doneHere = cmd.type === 'link' ? here.links.includes(otherId) : here.mergedInto === otherId;
    const doneThere = cmd.type === 'link' ? other.links.includes(cmd.complaintId) : other.duplicates.includes(here.id);
    const peer = { ...cmd, complaintId: otherId } as ParsedCommand;
    if (!doneThere) {
      authorize(deps.policy, cmd.actor, cmd.type, other);
      const e = probe(other, back, cmd);
      if (step(other, e) === undefined) throw notAllowed(cmd.type, other, whyNot(other, e));
    }
    // Both sides done: the named complaint refuses it (or returns the first result of a repeated commandId).
    const first = doneHere && !doneThere ? undefined : await deps.onStream(cmd.complaintId, cmd);
    if (doneThere) return first as R;
    const second = await deps.onStream(otherId, peer, () => [back]);
    return first ?? second;
  };
