import type { Complaint } from './complaint';
import type { ParsedCommand, ParsedCommandOf } from './commands';
import { routeComplaint } from './routing';
import type { DomainEvent } from './events';
import { RedressError } from '../errors/redressError';
import { defaultPolicy, type Policy, type RemedyDraft } from './policy';

const requiredApprovals = (policy: Policy, remedy: RemedyDraft, c: Complaint | undefined): number => {
  const n = policy.approvalsRequired(remedy, c);
  if (!Number.isInteger(n) || n < 1 || n > 5) {
    throw new RedressError(
      'VALIDATION',
      `The policy's approvalsRequired returned ${typeof n === 'number' ? String(n) : `${JSON.stringify(n) ?? String(n)} (a ${typeof n})`}; it must return a whole number from 1 to 5`,
    );
  }
  return n;
};

/** The acceptance: the department named, else the routing policy's; its choice recorded either way. */
const accepted = (c: Complaint | undefined, cmd: ParsedCommandOf<'accept'>, policy: Policy) => {
  const { department, ...rest } = omitMeta(cmd);
  const route =
    c === undefined
      ? undefined
      : routeComplaint(policy.routing ?? [], { category: c.category, channel: c.channel, priority: cmd.priority });
  const chosen = department ?? route?.department;
  if (chosen === undefined) {
    throw new RedressError(
      'VALIDATION',
      `accept needs a department: no routing rule of the policy matches category "${c?.category ?? ''}", channel "${c?.channel ?? ''}" and priority "${cmd.priority}"; name the department`,
      { field: 'department' },
    );
  }
  return { ...rest, department: chosen, ...(route === undefined ? {} : { routing: route }) };
};

const omitMeta = <C extends ParsedCommand>(cmd: C) => {
  const { type: _t, actor: _a, commandId: _c, correlationId: _r, causationId: _u, complaintId: _i, ...rest } = cmd;
  return rest;
};

/**
 * The id the next proposal gets when the caller does not name one: P1, P2, …
 *
 * @example
 * nextProposalId(undefined); // 'P1'
 * nextProposalId(complaint); // 'P3' once two remedies were proposed
 */
export const nextProposalId = (c: Complaint | undefined) => `P${(c?.proposals.length ?? 0) + 1}`;

/**
 * Turn a valid command into the domain events it records. Pure; whether the
 * events may happen in the complaint's stage is the lifecycle's question.
 *
 * @example
 * decide(complaint, { type: 'addNote', complaintId, actor, text: 'Called back' });
 * // → [{ type: 'NoteAdded', data: { text: 'Called back' } }]
 */
export const decide = (c: Complaint | undefined, cmd: ParsedCommand, policy: Policy = defaultPolicy): DomainEvent[] => {
  switch (cmd.type) {
    case 'receive': {
      const { resolvedAtFirstContact, ...received } = omitMeta(cmd);
      return [
        { type: 'ComplaintReceived', data: received },
        { type: 'ComplaintAcknowledged', data: { channel: cmd.channel } },
        ...(resolvedAtFirstContact === undefined
          ? []
          : [{ type: 'ResolvedAtFirstContact' as const, data: resolvedAtFirstContact }]),
      ];
    }
    case 'accept':
      return [{ type: 'ComplaintAccepted', data: accepted(c, cmd, policy) }];
    case 'reject':
      return [{ type: 'ComplaintRejected', data: omitMeta(cmd) }];
    case 'reassign':
      return [{ type: 'ComplaintReassigned', data: omitMeta(cmd) }];
    case 'recordInvestigation':
      return [{ type: 'InvestigationCompleted', data: omitMeta(cmd) }];
    case 'proposeRemedy':
      return [
        {
          type: 'RemedyProposed',
          data: {
            proposalId: cmd.proposalId ?? nextProposalId(c),
            ...cmd.remedy,
            approvalsRequired: requiredApprovals(policy, cmd.remedy, c),
          },
        },
      ];
    case 'approveRemedy':
      return [{ type: 'RemedyApproved', data: omitMeta(cmd) }];
    case 'implementRemedy':
      return [{ type: 'RemedyImplemented', data: omitMeta(cmd) }];
    case 'recordCustomerResponse':
      return [{ type: 'CustomerResponded', data: omitMeta(cmd) }];
    case 'review':
      return [{ type: 'ComplaintReviewed', data: omitMeta(cmd) }];
    case 'recordFollowUp':
      return [{ type: 'FollowUpRecorded', data: omitMeta(cmd) }];
    case 'escalate':
      return [{ type: 'ComplaintEscalated', data: omitMeta(cmd) }];
    case 'addNote':
      return [{ type: 'NoteAdded', data: omitMeta(cmd) }];
    case 'withdraw':
      return [{ type: 'ComplaintWithdrawn', data: omitMeta(cmd) }];
    case 'pause':
      return [{ type: 'ComplaintPaused', data: omitMeta(cmd) }];
    case 'resume':
      return [{ type: 'ComplaintResumed', data: omitMeta(cmd) }];
    case 'extendDeadline':
      return [{ type: 'DeadlineExtended', data: omitMeta(cmd) }];
    case 'respond':
      return [{ type: 'ResponseSent', data: omitMeta(cmd) }];
    case 'resolveAtFirstContact':
      return [{ type: 'ResolvedAtFirstContact', data: omitMeta(cmd) }];
    case 'link':
      return [{ type: 'ComplaintLinked', data: omitMeta(cmd) }];
    case 'merge':
      return [{ type: 'ComplaintMerged', data: omitMeta(cmd) }];
  }
};
