import type { ParsedCommand, ParsedCommandOf } from '../domain/commands';
import type { RecordedEvent } from '../domain/envelope';
import type { Policy } from '../domain/policy';
import { authorize } from './authorize';
import { checkLifecycle } from './checkLifecycle';
import { checkRules } from './checkRules';

/**
 * A `receive` that settles the complaint at first contact is judged as the
 * `resolveAtFirstContact` that follows the receipt would be: the actor must be
 * allowed both commands, and the policy's rules (the first-contact rule, the
 * app's own) judge the resolution on the complaint as received. `events` are
 * the receive's events, receipt and acknowledgement first. Throws
 * `FORBIDDEN` or `NOT_ALLOWED`, before anything is appended.
 *
 * @example
 * checkResolvedAtIntake(policy, cmd, events); // throws NOT_ALLOWED { rule: 'first-contact-resolution' }
 */
export const checkResolvedAtIntake = (policy: Policy, cmd: ParsedCommand, events: readonly RecordedEvent[]): void => {
  if (cmd.type !== 'receive' || cmd.resolvedAtFirstContact === undefined) return;
  const received = checkLifecycle('receive', undefined, events.slice(0, 2));
  const resolve: ParsedCommandOf<'resolveAtFirstContact'> = {
    type: 'resolveAtFirstContact',
    actor: cmd.actor,
    complaintId: received.id,
    ...cmd.resolvedAtFirstContact,
  };
  authorize(policy, cmd.actor, 'resolveAtFirstContact', received);
  checkRules(policy, resolve, received);
};
