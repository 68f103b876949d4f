import type { Complaint } from '../domain/complaint';
import type { RecordedEvent } from '../domain/envelope';
import type { EventType } from '../domain/events';
import type { RecipientQuery } from './recipients';

type Dynamic<T> = T | ((event: RecordedEvent, complaint: Complaint) => T);

/** Which events produce which message, to whom, on which channel. */
export interface NotificationRule {
  /** Stable name: part of the message id, so renaming a rule re-sends nothing already sent but changes future ids. */
  readonly id: string;
  readonly on: readonly EventType[];
  /** Extra condition on the event and the complaint after it. */
  readonly when?: (event: RecordedEvent, complaint: Complaint) => boolean;
  readonly to: Dynamic<RecipientQuery | readonly RecipientQuery[]>;
  /** Channels in order of preference: the first for which the recipient has an address is used. */
  readonly channels: Dynamic<readonly string[]>;
  readonly template: string;
  /** Urgent messages are flagged in the payload (channels may page, prioritise, …). */
  readonly urgent?: Dynamic<boolean>;
  /** Send no earlier than this long after the event. */
  readonly delayMs?: number;
}

const complainant: RecipientQuery = { kind: 'complainant' };
const assigned: RecipientQuery = { kind: 'department', department: 'assigned' };
const supervisors: RecipientQuery = { kind: 'role', role: 'supervisor' };
const handlers: RecipientQuery = { kind: 'role', role: 'handler' };
const toCustomer = ['email', 'sms'] as const;
const isUrgent = (_: RecordedEvent, c: Complaint) => c.priority === 'urgent' || c.priority === 'high';

/**
 * The rules of the procedure: the complainant hears of the acknowledgement, the
 * decision (with the reason of a rejection), the remedy to confirm and the
 * satisfaction follow-up; staff hear of assignments, remedies to approve,
 * escalations and deadlines (breaches, and warnings on high/urgent complaints, by SMS first).
 *
 * @example
 * defineNotifications({ staff, rules: [...defaultRules.filter((r) => r.id !== 'satisfaction-survey'), myRule] });
 */
export const defaultRules: readonly NotificationRule[] = [
  {
    id: 'acknowledgement',
    on: ['ComplaintAcknowledged'],
    to: complainant,
    channels: toCustomer,
    template: 'acknowledged',
  },
  { id: 'decision-accepted', on: ['ComplaintAccepted'], to: complainant, channels: toCustomer, template: 'accepted' },
  { id: 'decision-rejected', on: ['ComplaintRejected'], to: complainant, channels: toCustomer, template: 'rejected' },
  { id: 'confirm-remedy', on: ['RemedyImplemented'], to: complainant, channels: toCustomer, template: 'confirmRemedy' },
  {
    id: 'satisfaction-survey',
    on: ['ComplaintReviewed'],
    to: complainant,
    channels: toCustomer,
    template: 'satisfactionSurvey',
  },
  {
    id: 'deadline-extended',
    on: ['DeadlineExtended'],
    to: complainant,
    channels: toCustomer,
    template: 'deadlineExtended',
  },
  {
    id: 'staff-assigned',
    on: ['ComplaintAccepted', 'ComplaintReassigned'],
    to: assigned,
    channels: ['email', 'sms'],
    template: 'assigned',
  },
  {
    id: 'staff-approval-needed',
    on: ['RemedyProposed'],
    to: supervisors,
    channels: ['email', 'sms'],
    template: 'approvalNeeded',
  },
  {
    id: 'staff-escalated',
    on: ['ComplaintEscalated'],
    to: supervisors,
    channels: ['email', 'sms'],
    template: 'escalated',
    urgent: true,
  },
  {
    id: 'staff-deadline-warned',
    on: ['DeadlineWarned'],
    to: (_, c) => (c.department === undefined ? handlers : assigned),
    channels: (e, c) => (isUrgent(e, c) ? ['sms', 'email'] : ['email', 'sms']),
    template: 'deadlineWarned',
    urgent: isUrgent,
  },
  {
    id: 'staff-deadline-breached',
    on: ['DeadlineBreached'],
    to: (_, c) => (c.department === undefined ? [handlers, supervisors] : [assigned, supervisors]),
    channels: ['sms', 'email'],
    template: 'deadlineBreached',
    urgent: true,
  },
];

/** Resolve a rule field that may depend on the event. */
export const resolveDynamic = <T>(value: Dynamic<T>, event: RecordedEvent, complaint: Complaint): T =>
  typeof value === 'function' ? (value as (e: RecordedEvent, c: Complaint) => T)(event, complaint) : value;
