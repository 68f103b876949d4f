import type { StoredEvent } from '@redress/core';

type Data = Record<string, unknown>;
const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));
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
};

/**
 * One line saying what an event recorded, for people. Personal data of the
 * complainant (name, phone, …) is left out: audit reports get passed around.
 *
 * @example
 * describeEvent(event); // 'Approved remedy P1'
 */
export const describeEvent = (e: StoredEvent): string => WHAT[e.type]?.(e.data as Data) ?? e.type;
