import { describe, expect, test } from 'vitest';
import { definePolicy } from '../domain/policy';
import { memoryStore } from '../store/memoryStore';
import { createEngine } from './createEngine';
import { sequentialIds } from './ids';

const agent = { id: 'agent-1', role: 'agent' };
const handler = { id: 'handler-1', role: 'handler' };
const qc = { id: 'qc-1', role: 'department', department: 'quality-control' };
const s1 = { id: 'sup-1', role: 'supervisor' };
const s2 = { id: 'sup-2', role: 'supervisor' };

const toProposal = async (amount: number) => {
  const store = memoryStore();
  const engine = createEngine({
    store,
    ids: sequentialIds(),
    policy: definePolicy({ approvalsRequired: (r) => ((r.compensation?.amount ?? 0) > 5000 ? 2 : 1) }),
  });
  const { complaintId } = await engine.execute({
    type: 'receive',
    actor: agent,
    channel: 'web',
    category: 'quality',
    complainant: { name: 'A' },
    summary: 'Broken',
  });
  await engine.execute({
    type: 'accept',
    complaintId,
    actor: handler,
    department: 'quality-control',
    priority: 'high',
  });
  await engine.execute({
    type: 'recordInvestigation',
    complaintId,
    actor: qc,
    rootCause: 'Seal',
    responsibleParty: 'supplier',
  });
  const { proposalId } = await engine.execute({
    type: 'proposeRemedy',
    complaintId,
    actor: qc,
    remedy: { description: 'Pay', compensation: { amount, currency: 'CNY' } },
  });
  return { engine, store, complaintId, proposalId: proposalId ?? '' };
};

describe('remedies that need several approvers', () => {
  test('above the threshold one approval is not enough, and the same supervisor cannot approve twice', async () => {
    const { engine, store, complaintId, proposalId } = await toProposal(6000);
    const first = await engine.execute({ type: 'approveRemedy', complaintId, actor: s1, proposalId });
    expect(first.complaint.approvedProposalId).toBeUndefined();
    expect(first.complaint.proposals[0]?.approvals).toEqual(['sup-1']);
    await expect(
      engine.execute({ type: 'implementRemedy', complaintId, actor: qc, actionsTaken: 'Paid' }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    const size = store.size;
    await expect(engine.execute({ type: 'approveRemedy', complaintId, actor: s1, proposalId })).rejects.toThrow(
      /sup-1 has already approved proposal "P1"; it needs 2 different approvers/,
    );
    expect(store.size).toBe(size);
    const second = await engine.execute({ type: 'approveRemedy', complaintId, actor: s2, proposalId });
    expect(second.complaint.approvedProposalId).toBe('P1');
    expect(second.complaint.proposals[0]?.status).toBe('approved');
  });

  test('allowedCommands offers approveRemedy to the supervisor who has not approved yet, not to the one who has', async () => {
    const { engine, complaintId, proposalId } = await toProposal(6000);
    await engine.execute({ type: 'approveRemedy', complaintId, actor: s1, proposalId });
    const complaint = await engine.load(complaintId);
    expect(engine.allowedCommands(complaint, s1)).not.toContain('approveRemedy');
    expect(engine.allowedCommands(complaint, s2)).toContain('approveRemedy');
  });

  test('below the threshold one approval approves', async () => {
    const { engine, complaintId, proposalId } = await toProposal(100);
    const r = await engine.execute({ type: 'approveRemedy', complaintId, actor: s1, proposalId });
    expect(r.complaint.approvedProposalId).toBe('P1');
  });
});
