import type { CommandType, ParsedCommand } from './commands';
import type { Complaint } from './complaint';
import type { Actor } from './roles';

/**
 * What a procedure rule judges: who wants to issue which command on which
 * complaint. `command` is the whole validated command when the engine executes
 * it; it is absent when `allowedCommands` asks whether the actor could issue a
 * command of this type at all (then refuse only what no such command could pass).
 */
export interface RuleSituation {
  readonly type: CommandType;
  readonly actor: Actor;
  /** `undefined` for `receive`: the complaint does not exist yet. */
  readonly complaint: Complaint | undefined;
  readonly command?: ParsedCommand | undefined;
}

/**
 * A rule of the embedding app's procedure: a pure function that may refuse a
 * command in a situation, on top of the lifecycle and the roles. A refusal is a
 * `NOT_ALLOWED` error (or `FORBIDDEN`, for a rule about who the actor is) with the
 * rule's message and its name in the details; nothing is appended.
 *
 * @example
 * const regulatorReferrals: ProcedureRule = {
 *   name: 'regulator-referrals',
 *   commands: ['reject'],
 *   refuse: ({ complaint, actor }) =>
 *     complaint?.channel === 'regulator' && actor.role === 'handler'
 *       ? 'a complaint referred by a regulator may be rejected by a supervisor only'
 *       : undefined,
 * };
 */
export interface ProcedureRule {
  /** A short name, unique in the policy: it is in the error's details and the model runner's reports. */
  readonly name: string;
  /** The commands the rule judges; others pass it untouched. */
  readonly commands: readonly CommandType[];
  /** A message saying why the command is refused and what to do instead, or `undefined` to let it pass. */
  readonly refuse: (situation: RuleSituation) => string | undefined;
  /** `NOT_ALLOWED` (the default): not in this situation; `FORBIDDEN`: not by this actor. */
  readonly code?: 'NOT_ALLOWED' | 'FORBIDDEN';
}

/** A rule that refused, and why. */
export interface RuleRefusal {
  readonly rule: string;
  readonly message: string;
  readonly code: 'NOT_ALLOWED' | 'FORBIDDEN';
}

/**
 * The first of `rules` that refuses the situation, or `undefined` when all let it pass.
 *
 * @example
 * const refusal = ruleRefusal(policy.rules, { type: 'reject', actor, complaint, command });
 * if (refusal) console.log(`${refusal.rule}: ${refusal.message}`);
 */
export const ruleRefusal = (rules: readonly ProcedureRule[], situation: RuleSituation): RuleRefusal | undefined => {
  for (const rule of rules) {
    if (!rule.commands.includes(situation.type)) continue;
    const message = rule.refuse(situation);
    if (message !== undefined) return { rule: rule.name, message, code: rule.code ?? 'NOT_ALLOWED' };
  }
  return undefined;
};
