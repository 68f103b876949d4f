// The rule and template changes of docs/notifications.md, run by notificationRules.test.ts.
import { defineNotifications, type StaffMember } from '@redress/core';

const staff: StaffMember[] = [
  {
    id: 'sup-1',
    name: '李主管',
    roles: ['supervisor'],
    addresses: { email: 'li@example.com', sms: '+86 138 0000 0001' },
  },
];

/** The survey by SMS three days after the review, instead of at once. */
export const laterSurvey = defineNotifications({
  staff,
  rules: (defaults) => [
    ...defaults.filter((r) => r.id !== 'satisfaction-survey'),
    {
      id: 'survey-later',
      on: ['ComplaintReviewed'],
      to: { kind: 'complainant' },
      channels: ['sms'],
      template: 'satisfactionSurvey',
      delayMs: 3 * 86_400_000,
    },
  ],
});

/** A plainer rejection in English; every other template stays. */
export const plainRejection = defineNotifications({
  locale: 'en',
  templates: {
    rejected: {
      en: { subject: 'About your complaint {{complaintId}}', text: 'We cannot help because: {{rejectionReason}}' },
    },
  },
});
