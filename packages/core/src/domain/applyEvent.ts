import type { Complaint, Proposal } from './complaint';
import type { RecordedEvent } from './envelope';
import type { Stage } from './stages';
import { isOpenStage } from './stages';
import { GENESIS_HASH } from '../audit/hashChain';
import { RedressError } from '../errors/redressError';
import { foldDeadlines, type Deadlines } from '../deadlines/deadlineClock';

const NO_DEADLINES: Deadlines = Object.freeze({});

const setStatus = (proposals: readonly Proposal[], id: string | undefined, status: Proposal['status']) =>
  proposals.map((p) => (p.id === id ? { ...p, status } : p));

/**
 * Fold one event's data into the complaint and put it in `stage`. Pure: the
 * stage comes from the lifecycle (machine or its table), the rest from the event.
 *
 * @example
 * const entry = findTransition(complaint, event);
 * if (entry) complaint = applyEvent(complaint, event, entry.target);
 */
export const applyEvent = (prev: Complaint | undefined, event: RecordedEvent, stage: Stage): Complaint => {
  const at = event.occurredAt;
  const closing = !isOpenStage(stage) && (prev === undefined || isOpenStage(prev.stage));
  const next = copy(prev ?? receivedFrom(event));
  next.stage = stage;
  next.status = isOpenStage(stage) ? 'open' : 'closed';
  next.version = event.version;
  next.lastHash = event.hash;
  // Erasure changes what can be read, not the case: the statistics must not see it as activity.
  if (event.type !== 'PersonalDataErased') next.updatedAt = at;
  if (closing) next.closedAt = at;
  withData(next, event);
  next.deadlines = foldDeadlines(next.deadlines ?? NO_DEADLINES, event, stage);
  return next;
};

/**
 * A complaint being folded: every key of `Complaint` present and writable,
 * optional ones included. The copy and the first complaint are written against
 * it, so a field added to `Complaint` and not folded here fails to compile
 * instead of being silently dropped.
 */
type Draft = { -readonly [K in keyof Required<Complaint>]: Complaint[K] };

/**
 * A fresh copy with every key written out in one order: every complaint object
 * then shares one hidden class, which keeps the fold on V8's fast path (spreading
 * spread results is about ten times slower).
 */
const copy = (c: Complaint): Draft => ({
  id: c.id,
  stage: c.stage,
  status: c.status,
  version: c.version,
  lastHash: c.lastHash,
  channel: c.channel,
  category: c.category,
  complainant: c.complainant,
  summary: c.summary,
  desiredRemedy: c.desiredRemedy,
  reference: c.reference,
  legalEntity: c.legalEntity,
  locale: c.locale,
  receivedAt: c.receivedAt,
  receivedBy: c.receivedBy,
  acknowledgedAt: c.acknowledgedAt,
  decidedAt: c.decidedAt,
  department: c.department,
  priority: c.priority,
  assignee: c.assignee,
  routing: c.routing,
  rejectionReason: c.rejectionReason,
  withdrawalReason: c.withdrawalReason,
  investigation: c.investigation,
  proposals: c.proposals,
  approvedProposalId: c.approvedProposalId,
  implementation: c.implementation,
  customerAccepted: c.customerAccepted,
  refusals: c.refusals,
  review: c.review,
  followUp: c.followUp,
  escalations: c.escalations,
  notes: c.notes,
  deadlineWarnings: c.deadlineWarnings,
  deadlineBreaches: c.deadlineBreaches,
  updatedAt: c.updatedAt,
  closedAt: c.closedAt,
  deadlines: c.deadlines,
  firstContact: c.firstContact,
  links: c.links,
  duplicates: c.duplicates,
  mergedInto: c.mergedInto,
  pausedAt: c.pausedAt,
  subjectId: c.subjectId,
  personalDataErasedAt: c.personalDataErasedAt,
});

const receivedFrom = (event: RecordedEvent): Draft => {
  if (event.type !== 'ComplaintReceived') {
    throw new RedressError(
      'TAMPERED',
      `A complaint's first event must be ComplaintReceived, got ${event.type}; fold a stream from its first event`,
      {
        streamId: event.streamId,
        version: event.version,
      },
    );
  }
  const d = event.data;
  return {
    id: event.streamId,
    stage: 'received',
    status: 'open',
    version: 0,
    lastHash: GENESIS_HASH,
    channel: d.channel,
    category: d.category,
    complainant: d.complainant,
    summary: d.summary,
    desiredRemedy: d.desiredRemedy,
    reference: d.reference,
    legalEntity: d.legalEntity,
    locale: d.locale,
    receivedAt: event.occurredAt,
    receivedBy: event.actor.id,
    acknowledgedAt: undefined,
    decidedAt: undefined,
    department: undefined,
    priority: undefined,
    assignee: undefined,
    routing: undefined,
    rejectionReason: undefined,
    withdrawalReason: undefined,
    investigation: undefined,
    proposals: [],
    approvedProposalId: undefined,
    implementation: undefined,
    customerAccepted: undefined,
    refusals: 0,
    review: undefined,
    followUp: undefined,
    escalations: 0,
    notes: 0,
    deadlineWarnings: [],
    deadlineBreaches: [],
    updatedAt: event.occurredAt,
    closedAt: undefined,
    deadlines: NO_DEADLINES,
    firstContact: undefined,
    links: [],
    duplicates: [],
    mergedInto: undefined,
    pausedAt: undefined,
    subjectId: d.subjectId,
    personalDataErasedAt: undefined,
  };
};

/** Write the event's changes into the fresh copy `c` (arrays are replaced, never changed). */
const withData = (c: Draft, event: RecordedEvent): void => {
  const at = event.occurredAt;
  switch (event.type) {
    case 'ComplaintReceived':
      return;
    case 'ComplaintAcknowledged':
      c.acknowledgedAt = at;
      return;
    case 'ComplaintAccepted': {
      const d = event.data;
      c.decidedAt = at;
      c.department = d.department;
      c.priority = d.priority;
      c.assignee = d.assignee;
      c.routing = d.routing;
      return;
    }
    case 'ComplaintRejected':
      c.decidedAt = at;
      c.rejectionReason = event.data.reason;
      return;
    case 'ComplaintReassigned': {
      const d = event.data;
      c.department = d.department;
      c.assignee = d.assignee;
      return;
    }
    case 'InvestigationCompleted': {
      const d = event.data;
      c.investigation = { rootCause: d.rootCause, responsibleParty: d.responsibleParty, findings: d.findings };
      return;
    }
    case 'RemedyProposed': {
      const d = event.data;
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
      c.proposals = [...c.proposals, proposal];
      return;
    }
    case 'RemedyApproved': {
      const d = event.data;
      const proposals = c.proposals.map((p) =>
        p.id === d.proposalId ? { ...p, approvals: [...p.approvals, event.actor.id] } : p,
      );
      const target = proposals.find((p) => p.id === d.proposalId);
      if (target !== undefined && target.approvals.length >= target.approvalsRequired) {
        c.approvedProposalId = d.proposalId;
        c.proposals = setStatus(proposals, d.proposalId, 'approved');
      } else {
        c.proposals = proposals;
      }
      return;
    }
    case 'RemedyImplemented': {
      const d = event.data;
      c.implementation = { actionsTaken: d.actionsTaken, penalty: d.penalty, at };
      return;
    }
    case 'CustomerResponded': {
      if (event.data.accepted) {
        c.customerAccepted = true;
        return;
      }
      // A refusal sends the complaint back to proposal: the approved remedy is spent.
      c.proposals = setStatus(c.proposals, c.approvedProposalId, 'refused');
      c.customerAccepted = undefined;
      c.approvedProposalId = undefined;
      c.implementation = undefined;
      c.refusals += 1;
      return;
    }
    case 'ComplaintReviewed': {
      const d = event.data;
      c.review = {
        summary: d.summary,
        classification: d.classification,
        improvementActions: d.improvementActions ?? [],
        outcome: d.outcome,
        at,
      };
      return;
    }
    case 'FollowUpRecorded': {
      const d = event.data;
      c.followUp = { satisfaction: d.satisfaction, comment: d.comment, at };
      return;
    }
    case 'ComplaintEscalated':
      c.escalations += 1;
      return;
    case 'NoteAdded':
      c.notes += 1;
      return;
    case 'ComplaintWithdrawn':
      c.withdrawalReason = event.data.reason;
      return;
    case 'DeadlineWarned':
      c.deadlineWarnings = [...c.deadlineWarnings, event.data.deadline];
      return;
    case 'DeadlineBreached':
      c.deadlineBreaches = [...c.deadlineBreaches, event.data.deadline];
      return;
    case 'ComplaintPaused':
      c.pausedAt = at;
      return;
    case 'ComplaintResumed':
      c.pausedAt = undefined;
      return;
    case 'ResolvedAtFirstContact': {
      // Settled at once, to the customer's satisfaction: as if a remedy was implemented and accepted.
      const d = event.data;
      c.decidedAt = at;
      c.priority = d.priority;
      c.implementation = { actionsTaken: d.resolution, penalty: undefined, at };
      c.customerAccepted = true;
      c.firstContact = { resolution: d.resolution, outcome: d.outcome, at };
      return;
    }
    case 'ComplaintLinked':
      c.links = [...c.links, event.data.relatedId];
      return;
    case 'ComplaintMerged':
      c.mergedInto = event.data.into;
      return;
    case 'DuplicateMerged':
      c.duplicates = [...c.duplicates, event.data.duplicateId];
      return;
    case 'PersonalDataErased':
      c.personalDataErasedAt ??= at;
      return;
    case 'DeadlineSet':
    case 'DeadlineExtended':
    case 'ResponseSent':
      // Folded into the deadline clocks by foldDeadlines.
      return;
  }
};
