import {
  parseCommand,
  policyRules,
  ruleRefusal,
  type Command,
  type CommandType,
  type Complaint,
  type Policy,
  type RedressError,
} from '@redress/core';

/** A broken promise of the engine's rules: which, and what happened. */
export interface BrokenRule {
  readonly rule: string;
  readonly reason: string;
}

/**
 * After a command the engine executed: it was among the commands `allowedCommands`
 * offered that actor, and none of the policy's rules (segregation of duties, first
 * contact, the app's own) refuses it on the complaint as it stood before.
 *
 * @example
 * const broken = keptRules(policy, cmd, before, engine.allowedCommands(before, cmd.actor));
 */
export const keptRules = (
  policy: Policy,
  cmd: Command,
  before: Complaint | undefined,
  offered: readonly CommandType[],
): BrokenRule | undefined => {
  if (!offered.includes(cmd.type)) {
    return {
      rule: 'executed commands are offered by allowedCommands',
      reason: `${cmd.type} by ${cmd.actor.id} (${cmd.actor.role}) was executed, but allowedCommands offered only: ${offered.join(', ') || '(nothing)'}`,
    };
  }
  const refused = ruleRefusal(policyRules(policy), {
    type: cmd.type,
    actor: cmd.actor,
    complaint: before,
    command: parseCommand(cmd),
  });
  return refused === undefined
    ? undefined
    : {
        rule: `rule "${refused.rule}" is kept`,
        reason: `${cmd.type} by ${cmd.actor.id} was executed although the rule refuses it: ${refused.message}`,
      };
};

/**
 * After a refusal that names a rule (`details.rule`): that rule does refuse the
 * command, so the engine blames the right rule. `undefined` when it holds.
 *
 * @example
 * const wrong = ruleNamedRefuses(policy, cmd, before, error);
 */
export const ruleNamedRefuses = (
  policy: Policy,
  cmd: Command,
  before: Complaint | undefined,
  error: RedressError,
): string | undefined => {
  const named = (error.details as { rule?: unknown } | undefined)?.rule;
  if (typeof named !== 'string') return undefined;
  const rule = policyRules(policy).find((r) => r.name === named);
  if (rule === undefined) return `the refusal names rule "${named}", which the policy does not have`;
  const why = ruleRefusal([rule], {
    type: cmd.type,
    actor: cmd.actor,
    complaint: before,
    command: parseCommand(cmd),
  });
  return why === undefined ? `the refusal names rule "${named}", which lets the command pass` : undefined;
};
