import type { Complaint } from '../domain/complaint';
import type { CommandType } from '../domain/commands';
import type { Policy } from '../domain/policy';
import type { Actor } from '../domain/roles';
import { RedressError } from '../errors/redressError';

/** Why `actor` may not issue `type` on `complaint` under `policy`, or `undefined` if it may. */
export const refusal = (
  policy: Policy,
  actor: Actor,
  type: CommandType,
  complaint: Complaint | undefined,
): string | undefined => {
  const roles = policy.roles[type];
  if (!roles.includes(actor.role)) {
    return `role "${actor.role}" may not ${type}; roles that may: ${roles.join(', ') || '(none)'}`;
  }
  // Without this an actor of role department who names no department would act on every department's complaints.
  if (actor.role === 'department' && actor.department === undefined && policy.departmentScoped) {
    return `${actor.id} acts in role "department" but names no department; give the actor's department (or turn departmentScoped off)`;
  }
  if (
    policy.departmentScoped &&
    actor.department !== undefined &&
    complaint?.department !== undefined &&
    complaint.department !== actor.department
  ) {
    return `${actor.id} works for department "${actor.department}", but complaint ${complaint.id} is assigned to "${complaint.department}"`;
  }
  return undefined;
};

/** Throw `FORBIDDEN` unless the policy lets the actor issue the command. */
export const authorize = (policy: Policy, actor: Actor, type: CommandType, complaint: Complaint | undefined): void => {
  const why = refusal(policy, actor, type, complaint);
  if (why !== undefined) {
    throw new RedressError('FORBIDDEN', `Cannot ${type}: ${why}`, { actor, command: type, complaintId: complaint?.id });
  }
};
