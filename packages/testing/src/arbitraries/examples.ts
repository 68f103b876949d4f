import type { Command } from '@redress/core';
import { exampleActors as a } from './actors';

/**
 * One complaint's whole life as fixed commands, for example tests and demos:
 * received → judged → investigated → proposal → implemented, the customer refuses
 * the first remedy (back to proposal), a second remedy is approved, implemented
 * and accepted, then reviewed and followed up.
 *
 * @example
 * for (const cmd of exampleLifecycle('C-1')) await engine.execute(cmd);
 * (await engine.load('C-1')).stage; // 'reviewed'
 */
export const exampleLifecycle = (complaintId: string): Command[] => [
  {
    type: 'receive',
    complaintId,
    actor: a.agent,
    channel: 'phone',
    category: 'quality',
    complainant: { name: '王芳', phone: '+86 138 0000 0000' },
    summary: 'Kettle leaks after two days 😞',
    desiredRemedy: 'replacement',
  },
  { type: 'accept', complaintId, actor: a.handler, department: 'quality-control', priority: 'high' },
  {
    type: 'recordInvestigation',
    complaintId,
    actor: a.department,
    rootCause: 'Seal defect',
    responsibleParty: 'supplier',
  },
  { type: 'proposeRemedy', complaintId, actor: a.department, remedy: { description: 'Repair the kettle' } },
  { type: 'approveRemedy', complaintId, actor: a.supervisor, proposalId: 'P1' },
  { type: 'implementRemedy', complaintId, actor: a.department, actionsTaken: 'Repaired the seal' },
  { type: 'recordCustomerResponse', complaintId, actor: a.agent, accepted: false, comment: '还是漏水' },
  {
    type: 'proposeRemedy',
    complaintId,
    actor: a.department,
    remedy: { description: 'Replace the kettle', compensation: { amount: 50, currency: 'CNY' } },
  },
  { type: 'approveRemedy', complaintId, actor: a.supervisor, proposalId: 'P2' },
  { type: 'implementRemedy', complaintId, actor: a.department, actionsTaken: 'Shipped a new kettle' },
  { type: 'recordCustomerResponse', complaintId, actor: a.agent, accepted: true, confirmation: 'signature' },
  {
    type: 'review',
    complaintId,
    actor: a.supervisor,
    summary: 'Supplier seal batch faulty',
    classification: 'product-defect',
  },
  { type: 'recordFollowUp', complaintId, actor: a.agent, satisfaction: 5 },
];
