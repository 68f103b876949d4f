import type { TemplateSet } from './template';

/**
 * The built-in messages, in Chinese and English. Variables every message has:
 * complaintId, summary, category, channel, stage, complainantName, recipientName,
 * eventType, occurredAt; and, when known, reference, department, priority. Event
 * variables: rejectionReason, remedy, proposalId, actionsTaken, escalationReason,
 * deadline, dueAt.
 *
 * @example
 * defaultTemplates.rejected?.zh?.subject; // '关于您的投诉 {{complaintId}} 的处理结果'
 */
export const defaultTemplates: TemplateSet = {
  acknowledged: {
    zh: {
      subject: '我们已收到您的投诉（编号 {{complaintId}}）',
      text: '{{complainantName}}，您好：\n\n我们已收到您的投诉：“{{summary}}”。投诉编号为 {{complaintId}}，我们将尽快核实并答复您。\n\n感谢您的反馈。',
    },
    en: {
      subject: 'We have received your complaint ({{complaintId}})',
      text: 'Dear {{complainantName}},\n\nWe have received your complaint: "{{summary}}". Its reference is {{complaintId}}. We will look into it and reply soon.\n\nThank you for telling us.',
    },
  },
  accepted: {
    zh: {
      subject: '您的投诉 {{complaintId}} 已受理',
      text: '{{complainantName}}，您好：\n\n您的投诉（{{complaintId}}）已受理，并已转交 {{department}} 部门处理。我们会及时告知处理进展。',
    },
    en: {
      subject: 'Your complaint {{complaintId}} has been accepted',
      text: 'Dear {{complainantName}},\n\nYour complaint ({{complaintId}}) has been accepted and passed to our {{department}} department. We will keep you informed.',
    },
  },
  deadlineExtended: {
    zh: {
      subject: '关于您的投诉 {{complaintId}} 处理时限的延长',
      text: '{{complainantName}}，您好：\n\n由于以下原因，您的投诉（{{complaintId}}）需要更多时间处理：\n{{extensionReason}}\n\n新的处理时限为 {{dueAt}}。感谢您的耐心。',
    },
    en: {
      subject: 'We need more time for your complaint {{complaintId}}',
      text: 'Dear {{complainantName}},\n\nWe need more time to handle your complaint ({{complaintId}}), for this reason:\n{{extensionReason}}\n\nThe new deadline is {{dueAt}}. Thank you for your patience.',
    },
  },
  rejected: {
    zh: {
      subject: '关于您的投诉 {{complaintId}} 的处理结果',
      text: '{{complainantName}}，您好：\n\n经核实，您的投诉（{{complaintId}}）未能受理，原因如下：\n{{rejectionReason}}\n\n如有疑问，欢迎随时联系我们。',
    },
    en: {
      subject: 'The outcome of your complaint {{complaintId}}',
      text: 'Dear {{complainantName}},\n\nWe looked into your complaint ({{complaintId}}) and cannot take it further, for this reason:\n{{rejectionReason}}\n\nIf you have questions, please contact us.',
    },
  },
  confirmRemedy: {
    zh: {
      subject: '请确认投诉 {{complaintId}} 的处理方案',
      text: '{{complainantName}}，您好：\n\n针对您的投诉（{{complaintId}}），我们已实施以下处理：{{actionsTaken}}\n\n请回复确认您是否接受该处理结果。',
    },
    en: {
      subject: 'Please confirm the remedy for complaint {{complaintId}}',
      text: 'Dear {{complainantName}},\n\nFor your complaint ({{complaintId}}) we have done the following: {{actionsTaken}}\n\nPlease reply to tell us whether you accept it.',
    },
  },
  satisfactionSurvey: {
    zh: {
      subject: '您对投诉 {{complaintId}} 的处理满意吗？',
      text: '{{complainantName}}，您好：\n\n您的投诉（{{complaintId}}）已处理完毕。请用 1 至 5 分评价您对处理结果的满意程度，帮助我们改进服务。',
    },
    en: {
      subject: 'How satisfied are you with how we handled {{complaintId}}?',
      text: 'Dear {{complainantName}},\n\nYour complaint ({{complaintId}}) has been resolved. Please rate how satisfied you are, from 1 to 5, so that we can improve.',
    },
  },
  assigned: {
    zh: {
      subject: '新投诉 {{complaintId}} 已分派至 {{department}}',
      text: '{{recipientName}}：\n\n投诉 {{complaintId}}（{{category}}，优先级 {{priority}}）已分派至 {{department}} 部门，请尽快调查。\n内容：{{summary}}',
    },
    en: {
      subject: 'Complaint {{complaintId}} assigned to {{department}}',
      text: '{{recipientName}},\n\nComplaint {{complaintId}} ({{category}}, priority {{priority}}) is now with the {{department}} department. Please investigate.\nSummary: {{summary}}',
    },
  },
  approvalNeeded: {
    zh: {
      subject: '投诉 {{complaintId}} 的处理方案待审批',
      text: '{{recipientName}}：\n\n投诉 {{complaintId}} 有一项处理方案（{{proposalId}}）等待您审批：\n{{remedy}}',
    },
    en: {
      subject: 'A remedy for complaint {{complaintId}} waits for your approval',
      text: '{{recipientName}},\n\nRemedy {{proposalId}} for complaint {{complaintId}} waits for your approval:\n{{remedy}}',
    },
  },
  escalated: {
    zh: {
      subject: '投诉 {{complaintId}} 已升级',
      text: '{{recipientName}}：\n\n投诉 {{complaintId}} 已升级至您处理，原因：{{escalationReason}}\n内容：{{summary}}',
    },
    en: {
      subject: 'Complaint {{complaintId}} has been escalated',
      text: '{{recipientName}},\n\nComplaint {{complaintId}} has been escalated to you. Reason: {{escalationReason}}\nSummary: {{summary}}',
    },
  },
  deadlineWarned: {
    zh: {
      subject: '投诉 {{complaintId}} 即将超时（{{deadline}}）',
      text: '{{recipientName}}：投诉 {{complaintId}} 的 {{deadline}} 时限将于 {{dueAt}} 到期，请及时处理。',
    },
    en: {
      subject: 'Complaint {{complaintId}}: {{deadline}} deadline is near',
      text: '{{recipientName}}: the {{deadline}} deadline of complaint {{complaintId}} is due at {{dueAt}}. Please act now.',
    },
  },
  deadlineBreached: {
    zh: {
      subject: '紧急：投诉 {{complaintId}} 已超时（{{deadline}}）',
      text: '紧急：投诉 {{complaintId}} 的 {{deadline}} 时限已于 {{dueAt}} 到期，请立即处理。',
    },
    en: {
      subject: 'Urgent: complaint {{complaintId}} is past its {{deadline}} deadline',
      text: 'Urgent: the {{deadline}} deadline of complaint {{complaintId}} passed at {{dueAt}}. Please act now.',
    },
  },
};
