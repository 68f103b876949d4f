// The presets and responses of docs/deadlines.md, shown on complaints with a clock the
// program sets; run by deadlinePresets.test.ts.
import {
  businessCalendar,
  createEngine,
  deadlinePolicy,
  memoryStore,
  nfraConsumerComplaintRules,
  progressUpdates,
  ukFcaPaymentServicesRules,
} from '@redress/core';

let now = new Date('2025-09-16T10:00:00+08:00');
const clock = () => now;
const agent = { id: 'agent-7', role: 'agent' } as const;
const handler = { id: 'handler-2', role: 'handler' } as const;

const beijing = businessCalendar({
  timeZone: 'Asia/Shanghai',
  hours: [['09:00', '17:00']], // the firm's business hours: the last day ends at 17:00 (Civil Code art. 203 ¶2)
  holidays: [
    '2025-10-01',
    '2025-10-02',
    '2025-10-03',
    '2025-10-04',
    '2025-10-05',
    '2025-10-06',
    '2025-10-07',
    '2025-10-08',
  ],
  extraWorkingDays: ['2025-09-28', '2025-10-11'],
});
const bank = createEngine({
  store: memoryStore(),
  clock,
  deadlines: deadlinePolicy({
    calendar: beijing,
    rules: { ...nfraConsumerComplaintRules, progress: progressUpdates(5) },
  }),
});

const { complaintId } = await bank.execute({
  type: 'receive',
  actor: agent,
  channel: 'phone',
  category: 'card-fees',
  complainant: { name: '王芳' },
  summary: 'Annual fee charged twice',
});
// Day 15 after 16 September is 1 October, National Day: the period ends on 9 October at 17:00.
console.log((await bank.load(complaintId)).deadlines?.decide?.dueAt);

now = new Date('2025-09-18T10:00:00+08:00');
await bank.execute({ type: 'accept', complaintId, actor: handler, department: 'cards', priority: 'normal' });
console.log((await bank.load(complaintId)).deadlines?.decide?.status); // accepting is not the decision

await bank.execute({
  type: 'respond',
  complaintId,
  actor: handler,
  kind: 'decision', // the handling decision, told to the complainant
  channel: 'sms',
  text: '您好,重复收取的年费将于三个工作日内退回。',
});
console.log((await bank.load(complaintId)).deadlines?.decide?.status);

// Payment services: a holding reply in exceptional circumstances moves 15 business days to 35.
now = new Date('2026-03-30T10:00:00+01:00');
const london = businessCalendar({ timeZone: 'Europe/London', holidays: ['2026-04-03', '2026-04-06', '2026-05-04'] });
const emi = createEngine({
  store: memoryStore(),
  clock,
  deadlines: deadlinePolicy({ calendar: london, rules: ukFcaPaymentServicesRules }),
});
const card = await emi.execute({
  type: 'receive',
  actor: agent,
  channel: 'web',
  category: 'card-payment',
  complainant: { name: 'Ada Lovelace' },
  summary: 'Payment taken twice',
});
console.log((await emi.load(card.complaintId)).deadlines?.resolve?.dueAt);
now = new Date('2026-04-20T10:00:00+01:00');
await emi.execute({
  type: 'respond',
  complaintId: card.complaintId,
  actor: handler,
  kind: 'holding',
  channel: 'email',
  text: 'We are waiting for the card scheme; our final response will reach you by 20 May.',
  expectedBy: '2026-05-20T17:00:00+01:00',
});
console.log((await emi.load(card.complaintId)).deadlines?.resolve?.dueAt);
