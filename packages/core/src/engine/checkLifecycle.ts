import { commandsAllowedInStage } from '../domain/allowedCommands';
import type { CommandType } from '../domain/commands';
import type { Complaint } from '../domain/complaint';
import type { RecordedEvent } from '../domain/envelope';
import { step, whyNot } from '../domain/transitionTable';
import { RedressError } from '../errors/redressError';

/**
 * The `NOT_ALLOWED` error for `command` on `c`: the stage, the rule that failed
 * when there is one, and the commands allowed now.
 *
 * @example
 * notAllowed('approveRemedy', complaint).message;
 * // 'Cannot approveRemedy: complaint C-17 is in stage "investigated"; allowed now: reassign, proposeRemedy, …'
 */
export const notAllowed = (
  command: CommandType,
  c: Complaint | undefined,
  why?: string,
): RedressError<'NOT_ALLOWED'> => {
  const allowed = commandsAllowedInStage(c);
  const where = c === undefined ? 'complaint does not exist yet' : `complaint ${c.id} is in stage "${c.stage}"`;
  const reason = why === undefined ? '' : ` and ${why}`;
  return new RedressError(
    'NOT_ALLOWED',
    `Cannot ${command}: ${where}${reason}; allowed now: ${allowed.join(', ') || '(nothing: the complaint is closed)'}`,
    { command, stage: c?.stage ?? null, allowed },
  );
};

/**
 * Take a command's events through the lifecycle one after the other and return
 * the complaint they leave; `NOT_ALLOWED` at the first the lifecycle refuses.
 *
 * @example
 * const next = checkLifecycle('addNote', complaint, events); // next.version === complaint.version + 1
 */
export const checkLifecycle = (
  command: CommandType,
  c: Complaint | undefined,
  events: readonly RecordedEvent[],
): Complaint => {
  let state = c;
  for (const e of events) {
    const next = step(state, e);
    if (next === undefined) throw notAllowed(command, state, whyNot(state, e));
    state = next;
  }
  return state as Complaint;
};
