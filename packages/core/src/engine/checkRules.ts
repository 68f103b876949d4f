import { policyRules } from '../domain/builtInRules';
import type { ParsedCommand } from '../domain/commands';
import type { Complaint } from '../domain/complaint';
import type { Policy } from '../domain/policy';
import { ruleRefusal } from '../domain/procedureRules';
import { RedressError } from '../errors/redressError';
import { notAllowed } from './checkLifecycle';

/**
 * Throw unless every rule of the policy (segregation of duties, first contact,
 * the app's own) lets `cmd` happen to `complaint`: `NOT_ALLOWED`, or `FORBIDDEN`
 * for a rule about who acts, with the rule's message and its name in the details.
 *
 * @example
 * checkRules(policy, cmd, complaint); // throws RedressError NOT_ALLOWED { rule: 'regulator-referrals', … }
 */
export const checkRules = (policy: Policy, cmd: ParsedCommand, complaint: Complaint | undefined): void => {
  const refused = ruleRefusal(policyRules(policy), {
    type: cmd.type,
    actor: cmd.actor,
    complaint,
    command: cmd,
  });
  if (refused === undefined) return;
  const why = `rule "${refused.rule}" refuses: ${refused.message}`;
  if (refused.code === 'FORBIDDEN') {
    throw new RedressError('FORBIDDEN', `Cannot ${cmd.type}: ${why}`, {
      actor: cmd.actor,
      command: cmd.type,
      complaintId: complaint?.id,
      rule: refused.rule,
    });
  }
  const base = notAllowed(cmd.type, complaint, why);
  throw new RedressError('NOT_ALLOWED', base.message, {
    ...(base.details as NonNullable<typeof base.details>),
    rule: refused.rule,
  });
};
