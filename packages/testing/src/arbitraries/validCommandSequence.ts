import fc from 'fast-check';
import {
  commandsAllowedInStage,
  defaultPolicy,
  policyRules,
  ruleRefusal,
  type Actor,
  type Command,
  type CommandType,
  type Complaint,
  type Policy,
  type Stage,
} from '@redress/core';
import { DEPARTMENTS } from './actors';
import { commandPayloads } from './payloads';
import { simulateCommand } from './simulate';

/**
 * A generated life of one complaint: commands the lifecycle accepts, in order.
 *
 * @example
 * const [{ commands, stages }] = fc.sample(validCommandSequence(), 1);
 */
export interface CommandSequence {
  readonly complaintId: string;
  /** Starts with `receive`; every command is allowed in the stage the ones before left. */
  readonly commands: readonly Command[];
  /** The stage after each command, as the lifecycle defines it. */
  readonly stages: readonly Stage[];
}

/**
 * How `validCommandSequence` builds its sequences.
 *
 * @example
 * validCommandSequence({ complaintId: 'C-9', maxLength: 10, weights: { withdraw: 0 } });
 */
export interface CommandSequenceOptions {
  /** The complaint the commands are about. Default `C-1`. */
  readonly complaintId?: string;
  /** At most this many commands, `receive` included. Default 25. */
  readonly maxLength?: number;
  /** Roles and approval rules to respect. Default: core's `defaultPolicy`. */
  readonly policy?: Policy;
  /** Relative weights of command types among those allowed; 0 leaves a type out. */
  readonly weights?: Partial<Record<CommandType, number>>;
  /** Give every command a unique `commandId` (default: some commands get one). */
  readonly commandIds?: 'always' | 'sometimes' | 'never';
}

/** Progress weighs more than detours, so many sequences reach `reviewed`; detours still happen often. */
const DEFAULT_WEIGHTS: Partial<Record<CommandType, number>> = {
  receive: 1,
  accept: 12,
  recordInvestigation: 12,
  approveRemedy: 12,
  implementRemedy: 12,
  recordCustomerResponse: 12,
  review: 12,
  recordFollowUp: 12,
  proposeRemedy: 6,
  reassign: 2,
  escalate: 2,
  addNote: 2,
  reject: 2,
  withdraw: 1,
  pause: 1,
  resume: 12,
  extendDeadline: 1,
  respond: 3,
  resolveAtFirstContact: 3,
  // They name a second complaint, which one complaint's sequence does not have.
  link: 0,
  merge: 0,
};

const refusedToAll = (policy: Policy, type: CommandType, complaint: Complaint) =>
  policy.roles[type].every(
    (role) =>
      ruleRefusal(policyRules(policy), {
        type,
        complaint,
        actor: { id: `${role}-0`, role, ...(role === 'department' ? { department: complaint.department ?? 'x' } : {}) },
      }) !== undefined,
  );

const payloadOf = (type: CommandType): fc.Arbitrary<object> => commandPayloads[type];
const pick = <T>(g: fc.GeneratorValue, items: readonly T[]): T => g(fc.constantFrom<T[]>, ...items);

const actorFor = (g: fc.GeneratorValue, type: CommandType, c: Complaint | undefined, policy: Policy): Actor => {
  const role = pick(g, policy.roles[type]);
  // A few ids per role, so approvals by distinct supervisors and repeat actors both happen. An
  // approver must still have a waiting proposal to approve: each needs at most 5, so one of 6 has.
  const waiting = (c?.proposals ?? []).filter((p) => p.status === 'proposed');
  const free = (i: string) => type !== 'approveRemedy' || waiting.some((p) => !p.approvals.includes(i));
  const id = pick(g, [1, 2, 3, 4, 5, 6].map((n) => `${role}-${n}`).filter(free));
  // With departmentScoped on, department staff must say their department.
  const named = policy.departmentScoped || pick(g, [true, true, true, false]);
  if (role !== 'department' || !named) return { id, role };
  return { id, role, department: c?.department ?? pick(g, DEPARTMENTS) };
};

const buildCommand = (
  g: fc.GeneratorValue,
  type: CommandType,
  c: Complaint | undefined,
  complaintId: string,
  actor: Actor,
  policy: Policy,
): Command => {
  const payload = g(payloadOf, type) as Record<string, unknown>;
  const base = { type, complaintId, actor, ...payload };
  if (type === 'resolveAtFirstContact' && policy.firstContact !== undefined) {
    return { ...base, priority: pick(g, policy.firstContact.priorities) } as Command;
  }
  if (type === 'proposeRemedy' && pick(g, [false, false, true])) {
    return { ...base, proposalId: `remedy-${(c?.proposals.length ?? 0) + 1}` } as Command;
  }
  if (type === 'approveRemedy') {
    const waiting = (c?.proposals ?? []).filter((p) => p.status === 'proposed' && !p.approvals.includes(actor.id));
    return {
      ...base,
      proposalId: pick(
        g,
        waiting.map((p) => p.id),
      ),
    } as Command;
  }
  return base as Command;
};

/**
 * Sequences of commands that the lifecycle allows, one complaint's life each.
 * Every step asks core's `commandsAllowedInStage` what may happen next (so the
 * sequence follows the machine, not a hand-written list of stages), picks one
 * with an actor whose role the policy allows, and folds it with core's `decide`
 * and transition table. Sequences include rejections, withdrawals, reassignments,
 * notes, escalations, several proposals, approvals and refused remedies.
 *
 * @example
 * test.prop([validCommandSequence()])('replaying the log gives the live state', async ({ complaintId, commands }) => {
 *   for (const cmd of commands) await engine.execute(cmd);
 * });
 */
export const validCommandSequence = (options: CommandSequenceOptions = {}): fc.Arbitrary<CommandSequence> => {
  const complaintId = options.complaintId ?? 'C-1';
  const policy = options.policy ?? defaultPolicy;
  const given: Partial<Record<CommandType, number>> = { ...DEFAULT_WEIGHTS, ...options.weights };
  // Command types added after these defaults get a modest weight.
  const weight = (t: CommandType) => given[t] ?? 2;
  const ids = options.commandIds ?? 'sometimes';
  return fc.gen().map((g) => {
    const length = g(fc.integer, { min: 1, max: options.maxLength ?? 25 });
    const commands: Command[] = [];
    const stages: Stage[] = [];
    let complaint: Complaint | undefined;
    while (commands.length < length) {
      const choices = commandsAllowedInStage(complaint)
        .filter((t) => policy.roles[t].length > 0 && weight(t) > 0)
        // Rules that refuse a type whoever asks (first contact without a policy for it) leave it out.
        .filter((t) => complaint === undefined || !refusedToAll(policy, t, complaint))
        .sort((a, b) => weight(b) - weight(a))
        .flatMap((t) => Array.from({ length: weight(t) }, () => t));
      if (choices.length === 0) break;
      const type = pick(g, choices);
      const cmd = buildCommand(g, type, complaint, complaintId, actorFor(g, type, complaint, policy), policy);
      const withId =
        ids === 'always' || (ids === 'sometimes' && pick(g, [false, true]))
          ? { ...cmd, commandId: `cmd-${commands.length + 1}` }
          : cmd;
      complaint = simulateCommand(complaint, withId, policy);
      commands.push(withId);
      stages.push(complaint.stage);
    }
    return { complaintId, commands, stages };
  });
};
