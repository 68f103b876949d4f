import type { Complaint, Proposal } from './complaint';
import type { RecordedEvent } from './envelope';
import type { Stage } from './stages';
import { isOpenStage } from './stages';

const GENESIS = '0'.repeat(64);

/** The hash that the first event of every stream chains from. */
export const GENESIS_HASH = GENESIS;

const setStatus = (proposals: readonly Proposal[], id: string | undefined, status: Proposal['status']) =>
  proposals.map((p) => (p.id === id ? { ...p, status } : p));

/**
 * Fold one event's data into the complaint and put it in `stage`. Pure: the
 * stage comes from the lifecycle (machine or its table), the rest from the event.
 */
export const applyEvent = (prev: Complaint | undefined, event: RecordedEvent, stage: Stage): Complaint => {
  const at = event.occurredAt;
  const closing = !isOpenStage(stage) && (prev === undefined || isOpenStage(prev.stage));
  const base = prev ?? receivedFrom(event);
  const next: Complaint = {
    ...base,
    stage,
    status: isOpenStage(stage) ? 'open' : 'closed',
    version: event.version,
    lastHash: event.hash,
    updatedAt: at,
    closedAt: closing ? at : base.closedAt,
  };
  return withData(next, event);
};

const receivedFrom = (event: RecordedEvent): Complaint => {
  if (event.type !== 'ComplaintReceived') {
    throw new TypeError(`A complaint's first event must be ComplaintReceived, got ${event.type}`);
  }
  const d = event.data as RecordedEvent<'ComplaintReceived'>['data'];
  return {
    id: event.streamId,
    stage: 'received',
    status: 'open',
    version: 0,
    lastHash: GENESIS,
    channel: d.channel,
    category: d.category,
    complainant: d.complainant,
    summary: d.summary,
    desiredRemedy: d.desiredRemedy,
    reference: d.reference,
    receivedAt: event.occurredAt,
    receivedBy: event.actor.id,
    proposals: [],
    refusals: 0,
    escalations: 0,
    notes: 0,
    deadlineWarnings: [],
    deadlineBreaches: [],
    updatedAt: event.occurredAt,
  };
};

const withData = (c: Complaint, event: RecordedEvent): Complaint => {
  const at = event.occurredAt;
  switch (event.type) {
    case 'ComplaintReceived':
      return c;
    case 'ComplaintAcknowledged':
      return { ...c, acknowledgedAt: at };
    case 'ComplaintAccepted': {
      const d = event.data as RecordedEvent<'ComplaintAccepted'>['data'];
      return { ...c, decidedAt: at, department: d.department, priority: d.priority, assignee: d.assignee };
    }
    case 'ComplaintRejected': {
      const d = event.data as RecordedEvent<'ComplaintRejected'>['data'];
      return { ...c, decidedAt: at, rejectionReason: d.reason };
    }
    case 'ComplaintReassigned': {
      const d = event.data as RecordedEvent<'ComplaintReassigned'>['data'];
      return { ...c, department: d.department, assignee: d.assignee };
    }
    case 'InvestigationCompleted': {
      const d = event.data as RecordedEvent<'InvestigationCompleted'>['data'];
      return { ...c, investigation: { rootCause: d.rootCause, responsibleParty: d.responsibleParty, findings: d.findings } };
    }
    case 'RemedyProposed': {
      const d = event.data as RecordedEvent<'RemedyProposed'>['data'];
      const proposal: Proposal = {
        id: d.proposalId,
        description: d.description,
        compensation: d.compensation,
        proposedBy: event.actor.id,
        proposedAt: at,
        approvalsRequired: d.approvalsRequired,
        approvals: [],
        status: 'proposed',
      };
      return { ...c, proposals: [...c.proposals, proposal] };
    }
    case 'RemedyApproved': {
      const d = event.data as RecordedEvent<'RemedyApproved'>['data'];
      const proposals = c.proposals.map((p) => (p.id === d.proposalId ? { ...p, approvals: [...p.approvals, event.actor.id] } : p));
      const target = proposals.find((p) => p.id === d.proposalId);
      if (target === undefined || target.approvals.length < target.approvalsRequired) return { ...c, proposals };
      return { ...c, approvedProposalId: d.proposalId, proposals: setStatus(proposals, d.proposalId, 'approved') };
    }
    case 'RemedyImplemented': {
      const d = event.data as RecordedEvent<'RemedyImplemented'>['data'];
      return { ...c, implementation: { actionsTaken: d.actionsTaken, penalty: d.penalty, at } };
    }
    case 'CustomerResponded': {
      const d = event.data as RecordedEvent<'CustomerResponded'>['data'];
      if (d.accepted) return { ...c, customerAccepted: true };
      // A refusal sends the complaint back to proposal: the approved remedy is spent.
      return {
        ...c,
        customerAccepted: undefined,
        approvedProposalId: undefined,
        implementation: undefined,
        refusals: c.refusals + 1,
        proposals: setStatus(c.proposals, c.approvedProposalId, 'refused'),
      };
    }
    case 'ComplaintReviewed': {
      const d = event.data as RecordedEvent<'ComplaintReviewed'>['data'];
      return {
        ...c,
        review: { summary: d.summary, classification: d.classification, improvementActions: d.improvementActions ?? [], at },
      };
    }
    case 'FollowUpRecorded': {
      const d = event.data as RecordedEvent<'FollowUpRecorded'>['data'];
      return { ...c, followUp: { satisfaction: d.satisfaction, comment: d.comment, at } };
    }
    case 'ComplaintEscalated':
      return { ...c, escalations: c.escalations + 1 };
    case 'NoteAdded':
      return { ...c, notes: c.notes + 1 };
    case 'ComplaintWithdrawn': {
      const d = event.data as RecordedEvent<'ComplaintWithdrawn'>['data'];
      return { ...c, withdrawalReason: d.reason };
    }
    case 'DeadlineWarned': {
      const d = event.data as RecordedEvent<'DeadlineWarned'>['data'];
      return { ...c, deadlineWarnings: [...c.deadlineWarnings, d.deadline] };
    }
    case 'DeadlineBreached': {
      const d = event.data as RecordedEvent<'DeadlineBreached'>['data'];
      return { ...c, deadlineBreaches: [...c.deadlineBreaches, d.deadline] };
    }
  }
};
