import { describe, expect, test } from 'vitest';
import { createEngine, isRedressError, memoryStore, sequentialIds } from '@redress/core';
import { ModelRunFailure, runModel } from '@redress/testing';
import { largeRemediesNeedTwoSupervisors } from './invariants';
import { brokenPolicy, twoSupervisorPolicy } from './policy';

describe('remedies above 5,000 need two supervisors', () => {
  test('the kit finds no counterexample to the new rule, and the runs do implement remedies', async () => {
    const report = await runModel({
      policy: twoSupervisorPolicy,
      invariants: [largeRemediesNeedTwoSupervisors],
      numRuns: 150,
      seed: 2026,
    });
    expect(report.stagesReached.implemented ?? 0).toBeGreaterThan(0);
  });

  test('the kit FAILS the broken policy and shows the counterexample', async () => {
    const failure = await runModel({
      policy: brokenPolicy,
      invariants: [largeRemediesNeedTwoSupervisors],
      numRuns: 300,
      seed: 2026,
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ModelRunFailure);
    const f = failure as ModelRunFailure;
    expect(f.invariant).toBe('remedies above 5,000 need two supervisors');
    expect(f.counterexample).toContain('implementRemedy');
    expect(f.message).toMatch(/compensation \d+/);
  });

  test('one supervisor cannot approve 6,000 twice; a second one can', async () => {
    const engine = createEngine({ store: memoryStore(), policy: twoSupervisorPolicy, ids: sequentialIds() });
    const { complaintId } = await engine.execute({
      type: 'receive',
      actor: { id: 'a-1', role: 'agent' },
      channel: 'phone',
      category: 'quality',
      complainant: { name: 'Wang Fang' },
      summary: 'Kettle leaks',
    });
    const qc = { id: 'qc-1', role: 'department', department: 'quality-control' };
    await engine.execute({
      type: 'accept',
      complaintId,
      actor: { id: 'h-1', role: 'handler' },
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
      remedy: { description: 'Refund and compensate', compensation: { amount: 6000, currency: 'CNY' } },
    });
    const approve = (id: string) =>
      engine.execute({
        type: 'approveRemedy',
        complaintId,
        actor: { id, role: 'supervisor' },
        proposalId: proposalId as string,
      });
    await approve('sup-1');
    const again = await approve('sup-1').catch((e: unknown) => e);
    expect(isRedressError(again, 'NOT_ALLOWED')).toBe(true);
    const { complaint } = await approve('sup-2');
    expect(complaint.approvedProposalId).toBe(proposalId);
  });
});
