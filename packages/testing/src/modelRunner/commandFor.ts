import {
  COMMAND_TYPES,
  commandsAllowedInStage,
  type Actor,
  type Command,
  type CommandType,
  type Complaint,
  type Policy,
} from '@redress/core';
import type { StepInput } from './stepInput';

/** How often each allowed command is picked: mostly forward through the lifecycle, sometimes sideways or out. */
const WEIGHT: Readonly<Record<string, number>> = {
  receive: 10,
  accept: 10,
  reject: 2,
  recordInvestigation: 10,
  proposeRemedy: 8,
  approveRemedy: 14,
  implementRemedy: 10,
  recordCustomerResponse: 10,
  review: 10,
  recordFollowUp: 8,
  withdraw: 1,
};
const weightOf = (t: CommandType) => WEIGHT[t] ?? 2;

const DEPARTMENTS = ['quality-control', 'service'] as const;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

const pick = <T>(items: readonly T[], n: number): T => items[n % items.length] as T;

/**
 * Which command the step issues: one the lifecycle allows now (weighted), or any at all for a wild choice.
 *
 * @example
 * commandTypeFor(complaintInProposal, 500); // e.g. 'approveRemedy'
 */
export const commandTypeFor = (c: Complaint | undefined, choice: number): CommandType => {
  if (choice >= 960) return pick(COMMAND_TYPES, choice);
  const allowed = commandsAllowedInStage(c);
  const total = allowed.reduce((sum, t) => sum + weightOf(t), 0);
  let left = (choice / 960) * total;
  for (const t of allowed) {
    left -= weightOf(t);
    if (left < 0) return t;
  }
  return allowed[allowed.length - 1] ?? 'addNote';
};

/**
 * An actor whose role the policy lets issue `type` (three people per role, so approvals can be distinct).
 *
 * @example
 * actorFor(defaultPolicy, 'approveRemedy', complaint, 1); // { id: 'supervisor-2', role: 'supervisor' }
 */
export const actorFor = (policy: Policy, type: CommandType, c: Complaint | undefined, n: number): Actor => {
  const roles = policy.roles[type];
  const role = roles.length === 0 ? 'agent' : pick(roles, n);
  // Mostly one person per role; now and then staff who act in several roles under one id, so
  // that rules judged by actor id (segregation of duties) meet the case they are there for.
  const id = n >= 4 ? `staff-${(n % 2) + 1}` : `${role}-${(n % 3) + 1}`;
  return role === 'department' ? { id, role, department: c?.department ?? pick(DEPARTMENTS, n) } : { id, role };
};

type Payload = (c: Complaint | undefined, input: StepInput, others: readonly string[]) => Record<string, unknown>;

/** The payload of each command type the runner knows; others fall back to a note. */
const PAYLOAD: Readonly<Record<string, Payload>> = {
  receive: (_c, i) => ({
    channel: pick(['phone', 'email', 'web', 'walk-in', 'hotline', 'regulator'], i.variant),
    category: pick(['quality', 'service', 'billing'], i.variant),
    complainant: { name: 'Wang Fang', phone: '+86 138 0000 0000' },
    summary: 'Kettle leaks after two days',
    desiredRemedy: 'replacement',
  }),
  accept: (_c, i) => ({ department: pick(DEPARTMENTS, i.variant), priority: pick(PRIORITIES, i.variant) }),
  reject: () => ({ reason: 'Outside the warranty terms' }),
  reassign: (_c, i) => ({ department: pick(DEPARTMENTS, i.variant + 1), reason: 'Belongs elsewhere' }),
  recordInvestigation: () => ({ rootCause: 'Faulty seal', responsibleParty: 'supplier' }),
  proposeRemedy: (_c, i) => ({ remedy: i.remedy }),
  approveRemedy: (c, i) => {
    const waiting = (c?.proposals ?? []).filter((p) => p.status === 'proposed').map((p) => p.id);
    return { proposalId: waiting.length === 0 ? 'P1' : pick(waiting, i.variant) };
  },
  implementRemedy: () => ({ actionsTaken: 'Done as approved' }),
  recordCustomerResponse: (_c, i) => ({ accepted: i.accepted, confirmation: 'verbal' }),
  recordFollowUp: (_c, i) => ({ satisfaction: i.satisfaction }),
  escalate: () => ({ reason: 'Beyond my authority' }),
  addNote: () => ({ text: 'Called the customer back' }),
  withdraw: () => ({ reason: 'Customer withdrew' }),
  pause: () => ({ reason: 'Waiting for the receipt' }),
  resume: () => ({}),
  extendDeadline: () => ({ deadline: 'resolve', reason: 'Parts on back order' }),
  respond: (_c, i) => ({
    kind: pick(['acknowledgement', 'progress', 'holding', 'decision', 'final', 'summary-resolution'], i.variant),
    channel: pick(['letter', 'email', 'phone'], i.variant),
    text: 'We are looking into the leaking kettle',
    ...(i.variant % 2 === 0 ? { referralRights: true, expectedBy: '2030-01-01T00:00:00Z' } : {}),
  }),
  resolveAtFirstContact: (_c, i) => ({
    resolution: 'Re-sent the parcel',
    priority: pick(PRIORITIES, i.variant),
    outcome: pick(['upheld', 'partly-upheld', 'not-upheld'], i.variant),
  }),
  review: () => ({ summary: 'Handled', classification: 'product-defect', outcome: 'upheld' }),
  // The other complaints of the run, or (when there is none) one that does not exist.
  link: (_c, i, others) => ({ relatedId: others.length === 0 ? 'C-none' : pick(others, i.variant) }),
  merge: (_c, i, others) => ({ into: others.length === 0 ? 'C-none' : pick(others, i.variant) }),
};

/**
 * The full command for a step: its type, actor and payload (`others`: the run's other
 * complaints, which `link` and `merge` name).
 *
 * @example
 * const cmd = commandFor(policy, complaint, 'C-1', input);
 */
export const commandFor = (
  policy: Policy,
  c: Complaint | undefined,
  complaintId: string,
  input: StepInput,
  others: readonly string[] = [],
): Command => {
  const chosen = c === undefined ? 'receive' : commandTypeFor(c, input.choice);
  const type = PAYLOAD[chosen] === undefined ? 'addNote' : chosen;
  const actor = actorFor(policy, type, c, input.actor);
  const payload = (PAYLOAD[type] as Payload)(c, input, others);
  return { type, complaintId, actor, ...payload } as Command;
};
