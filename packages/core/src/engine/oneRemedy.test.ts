import { describe, expect, it } from 'vitest';
import { exampleActors as a, exampleLifecycle } from '@redress/testing';
import { createEngine, isRedressError, memoryStore, sequentialIds } from '../index';

describe('exactly one remedy is approved', () => {
  it('with two proposals waiting, approving one refuses the other, and stops offering approval', async () => {
    const store = memoryStore();
    const engine = createEngine({ store, ids: sequentialIds() });
    for (const cmd of exampleLifecycle('C-1').slice(0, 4)) await engine.execute(cmd); // P1 proposed
    await engine.execute({
      type: 'proposeRemedy',
      complaintId: 'C-1',
      actor: a.department,
      remedy: { description: 'Replace it' },
    });
    expect((await engine.load('C-1')).proposals.map((p) => [p.id, p.status])).toEqual([
      ['P1', 'proposed'],
      ['P2', 'proposed'],
    ]);
    await engine.execute({ type: 'approveRemedy', complaintId: 'C-1', actor: a.supervisor, proposalId: 'P1' });

    const complaint = await engine.load('C-1');
    // P2 is still waiting, yet no second approval may follow.
    expect(complaint.proposals.find((p) => p.id === 'P2')?.status).toBe('proposed');
    expect(engine.allowedCommands(complaint, a.supervisor)).not.toContain('approveRemedy');
    const size = store.size;
    const error = await engine
      .execute({ type: 'approveRemedy', complaintId: 'C-1', actor: a.supervisor, proposalId: 'P2' })
      .catch((e: unknown) => e);
    expect(isRedressError(error, 'NOT_ALLOWED')).toBe(true);
    expect((error as Error).message).toContain('remedy P1 is already approved; exactly one may be');
    expect(store.size).toBe(size);
    expect((await engine.load('C-1')).approvedProposalId).toBe('P1');
  });
});
