import { replayer, type Complaint, type Engine, type EventStore, type StoredEvent } from '@redress/core';
import { agent, handler, qc, supervisor } from './people';

/** The three stories the demo tells, by complaint id. */
export interface QuickstartResult {
  readonly resolved: string;
  readonly rejected: string;
  readonly withdrawn: string;
}

/**
 * Carry three complaints through the procedure: one through every stage (the
 * customer refuses the first remedy and accepts the second), one rejected as
 * invalid, one withdrawn by the complainant.
 */
export const runQuickstart = async (engine: Engine): Promise<QuickstartResult> => {
  // 1. A leaking kettle: every stage, with a refused first remedy.
  const { complaintId: resolved } = await engine.execute({
    type: 'receive',
    actor: agent,
    channel: 'phone',
    category: 'quality',
    complainant: { name: '王芳', phone: '+86 138 0000 0000' },
    summary: 'Kettle leaks after two days',
    desiredRemedy: 'replacement',
  });
  await engine.execute({
    type: 'accept',
    complaintId: resolved,
    actor: handler,
    department: 'quality-control',
    priority: 'high',
  });
  await engine.execute({
    type: 'recordInvestigation',
    complaintId: resolved,
    actor: qc,
    rootCause: 'Faulty seal in batch 2026-10',
    responsibleParty: 'supplier',
  });
  const first = await engine.execute({
    type: 'proposeRemedy',
    complaintId: resolved,
    actor: qc,
    remedy: { description: 'Repair the seal' },
  });
  await engine.execute({
    type: 'approveRemedy',
    complaintId: resolved,
    actor: supervisor,
    proposalId: first.proposalId ?? '',
  });
  await engine.execute({
    type: 'implementRemedy',
    complaintId: resolved,
    actor: qc,
    actionsTaken: 'Seal replaced by technician',
  });
  await engine.execute({
    type: 'recordCustomerResponse',
    complaintId: resolved,
    actor: agent,
    accepted: false,
    comment: 'Wants a new kettle',
  });
  const second = await engine.execute({
    type: 'proposeRemedy',
    complaintId: resolved,
    actor: qc,
    remedy: { description: 'Replace the kettle', compensation: { amount: 50, currency: 'CNY' } },
  });
  await engine.execute({
    type: 'approveRemedy',
    complaintId: resolved,
    actor: supervisor,
    proposalId: second.proposalId ?? '',
  });
  await engine.execute({
    type: 'implementRemedy',
    complaintId: resolved,
    actor: qc,
    actionsTaken: 'Shipped a new kettle and a 50 CNY voucher',
  });
  await engine.execute({
    type: 'recordCustomerResponse',
    complaintId: resolved,
    actor: agent,
    accepted: true,
    confirmation: 'signature',
  });
  await engine.execute({
    type: 'review',
    complaintId: resolved,
    actor: supervisor,
    summary: 'Supplier seal defect; batch recalled',
    classification: 'product-defect',
    improvementActions: ['Incoming inspection of seals'],
  });
  await engine.execute({ type: 'recordFollowUp', complaintId: resolved, actor: agent, satisfaction: 5 });

  // 2. Not a valid complaint: rejected with a reason.
  const { complaintId: rejected } = await engine.execute({
    type: 'receive',
    actor: agent,
    channel: 'email',
    category: 'billing',
    complainant: { name: 'John Smith', email: 'john@example.com' },
    summary: 'Charged for a product bought from another shop',
  });
  await engine.execute({
    type: 'reject',
    complaintId: rejected,
    actor: handler,
    reason: 'The receipt is from another retailer; we have referred you to them.',
  });

  // 3. Withdrawn by the complainant while under investigation.
  const { complaintId: withdrawn } = await engine.execute({
    type: 'receive',
    actor: agent,
    channel: 'web',
    category: 'service',
    complainant: { name: '李雷', email: 'lilei@example.cn' },
    summary: 'Rude staff at the Xuhui store',
  });
  await engine.execute({
    type: 'accept',
    complaintId: withdrawn,
    actor: handler,
    department: 'service',
    priority: 'normal',
  });
  await engine.execute({
    type: 'withdraw',
    complaintId: withdrawn,
    actor: agent,
    reason: 'Store manager apologised in person',
  });

  return { resolved, rejected, withdrawn };
};

/** One line per event: version, time, who (role), what, and the stage it left the complaint in. */
export const timeline = (events: readonly StoredEvent[]): string[] => {
  const fold = replayer();
  return events.map((e) => {
    fold.add(e);
    const who = `${e.actor.id} (${e.actor.role})`.padEnd(26);
    return `  v${String(e.version).padStart(2)}  ${e.occurredAt.slice(11, 23)}  ${who} ${e.type.padEnd(23)} → ${fold.state.complaint?.stage}`;
  });
};

/** A one-line summary of the complaint's final state. */
export const summary = (c: Complaint): string =>
  `  ${c.id}: stage ${c.stage}, ${c.status}, version ${c.version}` +
  (c.approvedProposalId ? `, remedy ${c.approvedProposalId}` : '') +
  (c.rejectionReason ? `, rejected: "${c.rejectionReason}"` : '') +
  (c.withdrawalReason ? `, withdrawn: "${c.withdrawalReason}"` : '') +
  (c.followUp ? `, satisfaction ${c.followUp.satisfaction}/5` : '');

/** Ids of the complaints already in the store, in the order they were received. */
export const earlierComplaints = async (store: EventStore): Promise<string[]> => {
  const ids: string[] = [];
  for await (const e of store.readAll()) if (e.type === 'ComplaintReceived') ids.push(e.streamId);
  return ids;
};
