import { isErased, type StoredEvent } from '@redress/core';
import { isHidden } from '../privacy/personalFields';

type Data = Record<string, unknown>;
const s = (v: unknown) =>
  v === undefined || v === null
    ? ''
    : isHidden(v)
      ? '(personal data, hidden)'
      : isErased(v)
        ? '(erased)'
        : typeof v === 'object'
          ? '(not shown)'
          : String(v);
const money = (c: unknown) => {
  const m = c as { amount?: number; currency?: string } | undefined;
  return m?.amount === undefined ? '' : `, compensation ${m.amount} ${m.currency ?? ''}`.trimEnd();
};

const WHAT: Readonly<Record<string, (d: Data) => string>> = {
  ComplaintReceived: (d) => `Received by ${s(d.channel)} (${s(d.category)}): ${s(d.summary)}`,
  ComplaintAcknowledged: (d) => `Acknowledged to the complainant by ${s(d.channel)}`,
  ComplaintAccepted: (d) => `Accepted; department ${s(d.department)}, priority ${s(d.priority)}`,
  ComplaintRejected: (d) => `Rejected: ${s(d.reason)}`,
  ComplaintReassigned: (d) => `Reassigned to ${s(d.department)}${d.reason ? `: ${s(d.reason)}` : ''}`,
  InvestigationCompleted: (d) => `Investigated: ${s(d.rootCause)}; responsible: ${s(d.responsibleParty)}`,
  RemedyProposed: (d) =>
    `Proposed remedy ${s(d.proposalId)}: ${s(d.description)}${money(d.compensation)} (needs ${s(d.approvalsRequired)} approver(s))`,
  RemedyApproved: (d) => `Approved remedy ${s(d.proposalId)}`,
  RemedyImplemented: (d) => `Implemented: ${s(d.actionsTaken)}${d.penalty ? `; penalty: ${s(d.penalty)}` : ''}`,
  CustomerResponded: (d) =>
    `Customer ${d.accepted ? 'accepted' : 'refused'} the remedy${d.confirmation ? ` (${s(d.confirmation)})` : ''}`,
  ComplaintReviewed: (d) => `Reviewed as ${s(d.classification)}: ${s(d.summary)}`,
  FollowUpRecorded: (d) => `Follow-up: satisfaction ${s(d.satisfaction)}/5`,
  ComplaintEscalated: (d) => `Escalated: ${s(d.reason)}`,
  NoteAdded: (d) => `Note: ${s(d.text)}`,
  ComplaintWithdrawn: (d) => `Withdrawn${d.reason ? `: ${s(d.reason)}` : ''}`,
  DeadlineWarned: (d) => `Deadline "${s(d.deadline)}" near (due ${s(d.dueAt)})`,
  DeadlineBreached: (d) => `Deadline "${s(d.deadline)}" missed (was due ${s(d.dueAt)})`,
  DeadlineSet: (d) => `Deadline "${s(d.deadline)}" due ${s(d.dueAt)}`,
  DeadlineExtended: (d) => `Deadline "${s(d.deadline)}" extended: ${s(d.reason)}`,
  ComplaintPaused: (d) => `Paused: ${s(d.reason)}`,
  ComplaintResumed: () => 'Resumed',
  ResponseSent: (d) => `Told the complainant (${s(d.kind)} by ${s(d.channel)}): ${s(d.text)}`,
  PersonalDataErased: (d) =>
    `Personal data erased (${d.basis === 'retention' ? 'retention rule' : 'on request'}): ${s(d.reason)}`,
};

/**
 * One line saying what an event recorded, for people, from its data as shown
 * (`data`: personal fields hidden, or revealed; see `hidePersonal`). The
 * complainant's contact fields are never part of it; the case's free text
 * shows as `(personal data, hidden)` unless revealed, and as `(erased)` once erased.
 *
 * @example
 * describeEvent(event, hidePersonal(event).shown); // 'Received by phone (quality): (personal data, hidden)'
 */
export const describeEvent = (e: StoredEvent, data: Readonly<Data> = e.data as Data): string =>
  WHAT[e.type]?.(data as Data) ?? e.type;
