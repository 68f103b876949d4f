import { fc, test as prop } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { direct, eventCount, intake, setUp } from './fixtures';

/** A complaint with one approvable proposal, made through the API by the right people. */
const toProposal = async (call: ReturnType<typeof direct>) => {
  const id = (await call('agent', 'POST', '/complaints', intake())).json.complaintId as string;
  await call('handler', 'POST', `/complaints/${id}/commands/accept`, {
    department: 'quality-control',
    priority: 'high',
  });
  await call('qc', 'POST', `/complaints/${id}/commands/recordInvestigation`, {
    rootCause: 'Seal',
    responsibleParty: 'supplier',
  });
  const proposed = await call('qc', 'POST', `/complaints/${id}/commands/proposeRemedy`, {
    remedy: { description: 'Replace it' },
  });
  expect(proposed.json.proposalId).toBeDefined();
  return { id, proposalId: proposed.json.proposalId as string };
};

describe('the actor comes from authenticate, never from the body', () => {
  test('an agent whose body claims role supervisor approves nothing', async () => {
    const { api, engine } = setUp();
    const call = direct(api);
    const { id, proposalId } = await toProposal(call);
    const before = await eventCount(engine);
    const claims = [
      { proposalId, actor: { id: 'sup-1', role: 'supervisor' } },
      { proposalId, role: 'supervisor' },
      { proposalId, actor: { id: 'sup-1', role: 'supervisor' }, type: 'approveRemedy', complaintId: id },
    ];
    for (const body of claims) {
      const answer = await call('agent', 'POST', `/complaints/${id}/commands/approveRemedy`, body);
      expect(answer.status).toBe(422);
    }
    // Without the claim, the agent's own role decides: FORBIDDEN, naming the agent.
    const plain = await call('agent', 'POST', `/complaints/${id}/commands/approveRemedy`, { proposalId });
    expect(plain.status).toBe(403);
    expect(plain.json.details.actor).toEqual({ id: 'agent-7', role: 'agent' });
    expect(await eventCount(engine)).toBe(before);
    expect((await engine.load(id)).stage).toBe('proposal');
    // The supervisor, authenticated as one, may.
    const approved = await call('supervisor', 'POST', `/complaints/${id}/commands/approveRemedy`, { proposalId });
    expect(approved.status).toBe(200);
    const last = (await engine.history(id)).at(-1);
    expect(last?.actor).toEqual({ id: 'sup-1', role: 'supervisor' });
  });

  const shared = setUp();
  const sharedCall = direct(shared.api);
  prop.prop(
    [
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 20 }),
        role: fc.constantFrom('supervisor', 'handler', 'privacy-officer', 'agent'),
      }),
      fc.constantFrom('actor', 'commandId', 'type'),
    ],
    { numRuns: 40 },
  )(
    'whatever actor or command a body names, the events record the authenticated actor or none',
    async (claimed, where) => {
      const { engine } = shared;
      const id = (await sharedCall('agent', 'POST', '/complaints', intake())).json.complaintId as string;
      const answer = await sharedCall('agent', 'POST', `/complaints/${id}/commands/addNote`, {
        text: 'Called back',
        [where]: where === 'actor' ? claimed : claimed.id,
      });
      expect(answer.status).toBe(422);
      expect(answer.json.details.issues[0].path).toEqual([where]);
      const events = await engine.history(id);
      expect(events).toHaveLength(2);
      expect(events.every((e) => e.actor.id === 'agent-7')).toBe(true);
    },
  );
});
