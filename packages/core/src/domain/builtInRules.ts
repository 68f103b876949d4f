import type { FirstContactPolicy, Policy } from './policy';
import type { ProcedureRule } from './procedureRules';

/**
 * Segregation of duties: whoever proposed a remedy may not approve it, whatever
 * role they act in, judged by actor id. With several approvals required, none of
 * the approvers may be the proposer. On unless the policy says
 * `segregateDuties: false`; a refusal is `FORBIDDEN`.
 *
 * @example
 * segregationOfDuties.refuse({ type: 'approveRemedy', actor: { id: 'u-1', role: 'supervisor' }, complaint, command });
 * // 'u-1 proposed remedy "P1" and may not approve it too (segregation of duties); another approver must'
 */
export const segregationOfDuties: ProcedureRule = {
  name: 'segregation-of-duties',
  commands: ['approveRemedy'],
  code: 'FORBIDDEN',
  refuse: ({ actor, complaint, command }) => {
    if (complaint === undefined) return undefined;
    const waiting = complaint.proposals.filter((p) => p.status === 'proposed');
    if (command?.type === 'approveRemedy') {
      const p = waiting.find((w) => w.id === command.proposalId);
      return p !== undefined && p.proposedBy === actor.id
        ? `${actor.id} proposed remedy "${p.id}" and may not approve it too (segregation of duties); another approver must`
        : undefined;
    }
    // Asked by allowedCommands: refused when every remedy this actor could still approve is their own.
    const open = waiting.filter((p) => !p.approvals.includes(actor.id));
    return open.length > 0 && open.every((p) => p.proposedBy === actor.id)
      ? `${actor.id} proposed ${open.map((p) => `"${p.id}"`).join(', ')}, the remedies waiting for approval, and may not approve them too (segregation of duties)`
      : undefined;
  },
};

/**
 * The first-contact rule of a policy: `resolveAtFirstContact` only for the
 * categories and priorities the policy names; with none named, never.
 *
 * @example
 * firstContactRule({ categories: ['delivery'], priorities: ['low'] }).name; // 'first-contact-resolution'
 */
export const firstContactRule = (allowed: FirstContactPolicy | undefined): ProcedureRule => ({
  name: 'first-contact-resolution',
  commands: ['resolveAtFirstContact'],
  refuse: ({ complaint, command }) => {
    if (allowed === undefined)
      return 'the policy allows no first-contact resolution (set policy.firstContact to the categories and priorities that may take it); accept the complaint instead';
    // Past intake the lifecycle refuses it, and says so by the stage: the rule judges only what it could allow.
    if (complaint === undefined || complaint.stage !== 'received') return undefined;
    if (allowed.categories !== '*' && !allowed.categories.includes(complaint.category))
      return `complaints of category "${complaint.category}" may not be resolved at first contact (the policy allows: ${allowed.categories.join(', ') || '(none)'}); accept it instead`;
    if (command?.type === 'resolveAtFirstContact' && !allowed.priorities.includes(command.priority))
      return `a complaint of priority "${command.priority}" may not be resolved at first contact (the policy allows: ${allowed.priorities.join(', ') || '(none)'}); accept it instead`;
    if (allowed.priorities.length === 0)
      return 'the policy allows first-contact resolution at no priority; accept it instead';
    return undefined;
  },
});

/**
 * Every rule the engine applies under `policy`, in order: segregation of duties
 * (unless turned off), the first-contact rule, then the app's own rules.
 *
 * @example
 * policyRules(defaultPolicy).map((r) => r.name); // ['segregation-of-duties', 'first-contact-resolution']
 */
export const policyRules = (policy: Policy): readonly ProcedureRule[] => {
  let rules = known.get(policy);
  if (rules === undefined) {
    rules = [
      ...(policy.segregateDuties === false ? [] : [segregationOfDuties]),
      firstContactRule(policy.firstContact),
      ...(policy.rules ?? []),
    ];
    known.set(policy, rules);
  }
  return rules;
};

// A policy is a plain object that does not change: its list of rules is made once.
const known = new WeakMap<Policy, readonly ProcedureRule[]>();
