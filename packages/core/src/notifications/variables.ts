import type { Complaint } from '../domain/complaint';
import type { RecordedEvent } from '../domain/envelope';
import type { Recipient } from './recipients';

const put = (vars: Record<string, string>, name: string, value: unknown) => {
  if (typeof value === 'string' && value.length > 0) vars[name] = value;
  else if (typeof value === 'number' && Number.isFinite(value)) vars[name] = String(value);
};

/**
 * The variables a template may use for one event, complaint and recipient. Only
 * values that exist are present, so a template that needs a missing one is caught.
 *
 * @example
 * messageVariables(event, complaint, recipient).complaintId; // 'C-17'
 */
export const messageVariables = (
  event: RecordedEvent,
  complaint: Complaint,
  recipient: Recipient,
): Record<string, string> => {
  const vars: Record<string, string> = {};
  put(vars, 'complaintId', complaint.id);
  put(vars, 'reference', complaint.reference);
  put(vars, 'summary', complaint.summary);
  put(vars, 'category', complaint.category);
  put(vars, 'channel', complaint.channel);
  put(vars, 'stage', complaint.stage);
  put(vars, 'complainantName', complaint.complainant.name);
  put(vars, 'recipientName', recipient.name ?? recipient.id);
  put(vars, 'department', complaint.department);
  put(vars, 'priority', complaint.priority);
  put(vars, 'eventType', event.type);
  put(vars, 'occurredAt', event.occurredAt);
  put(vars, 'rejectionReason', complaint.rejectionReason);
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'RemedyProposed':
      put(vars, 'proposalId', data.proposalId);
      put(vars, 'remedy', data.description);
      break;
    case 'RemedyApproved': {
      put(vars, 'proposalId', data.proposalId);
      put(vars, 'remedy', complaint.proposals.find((p) => p.id === data.proposalId)?.description);
      break;
    }
    case 'RemedyImplemented':
      put(vars, 'actionsTaken', data.actionsTaken);
      put(vars, 'remedy', complaint.proposals.find((p) => p.id === complaint.approvedProposalId)?.description);
      break;
    case 'ComplaintEscalated':
      put(vars, 'escalationReason', data.reason);
      break;
    case 'ComplaintRejected':
      put(vars, 'rejectionReason', data.reason);
      break;
    case 'DeadlineExtended': {
      const kind = data.deadline as keyof NonNullable<Complaint['deadlines']>;
      put(vars, 'deadline', data.deadline);
      put(vars, 'extensionReason', data.reason);
      put(vars, 'dueAt', data.until ?? complaint.deadlines?.[kind]?.dueAt);
      break;
    }
    case 'DeadlineWarned':
    case 'DeadlineBreached':
      put(vars, 'deadline', data.deadline);
      put(vars, 'dueAt', data.dueAt);
      break;
    default:
      break;
  }
  return vars;
};
