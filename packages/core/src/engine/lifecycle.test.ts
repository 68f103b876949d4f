import { describe, expect, it } from 'vitest';
import { exampleActors as a, exampleLifecycle } from '@redress/testing';
import { createEngine, memoryStore, sequentialIds, type Command, type Stage } from '../index';

const setup = () => {
  const store = memoryStore();
  let t = Date.parse('2026-01-05T09:00:00.000Z');
  const engine = createEngine({ store, clock: () => new Date((t += 60_000)), ids: sequentialIds() });
  return { store, engine };
};

const life = exampleLifecycle('C-1');
/** The stage each command of the example life leaves the complaint in. */
const expectedStages: Stage[] = [
  'received',
  'judged',
  'investigated',
  'proposal',
  'proposal',
  'implemented',
  'proposal',
  'proposal',
  'proposal',
  'implemented',
  'implemented',
  'reviewed',
  'reviewed',
];

describe('a complaint through every stage', () => {
  it('moves stage by stage, the refused remedy sends it back to proposal', async () => {
    const { engine } = setup();
    const seen: Stage[] = [];
    for (const cmd of life) seen.push((await engine.execute(cmd)).complaint.stage);
    expect(seen).toEqual(expectedStages);
  });

  it('records what each stage decided', async () => {
    const { engine } = setup();
    for (const cmd of life) await engine.execute(cmd);
    const c = await engine.load('C-1');
    expect(c.status).toBe('closed');
    expect(c.acknowledgedAt).toBeDefined();
    expect(c.department).toBe('quality-control');
    expect(c.priority).toBe('high');
    expect(c.investigation?.responsibleParty).toBe('supplier');
    expect(c.proposals.map((p) => [p.id, p.status])).toEqual([
      ['P1', 'refused'],
      ['P2', 'approved'],
    ]);
    expect(c.approvedProposalId).toBe('P2');
    expect(c.refusals).toBe(1);
    expect(c.customerAccepted).toBe(true);
    expect(c.review?.classification).toBe('product-defect');
    expect(c.followUp?.satisfaction).toBe(5);
    expect(c.closedAt).toBe(c.review?.at);
    // receive records two events (received + acknowledged), every other command one.
    expect(c.version).toBe(life.length + 1);
  });

  it('history lists the stored events in order with their actors', async () => {
    const { engine } = setup();
    for (const cmd of life) await engine.execute(cmd);
    const events = await engine.history('C-1');
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
    expect(events.slice(0, 3).map((e) => e.type)).toEqual([
      'ComplaintReceived',
      'ComplaintAcknowledged',
      'ComplaintAccepted',
    ]);
    expect(events[2]?.actor).toEqual(a.handler);
    expect(events.every((e, i) => i === 0 || e.prevHash === events[i - 1]?.hash)).toBe(true);
    expect(await engine.verify('C-1')).toMatchObject({ ok: true, events: events.length });
  });
});

const prefixTo = (stage: Stage): Command[] => life.slice(0, expectedStages.indexOf(stage) + 1);

describe('ways out and detours', () => {
  it('a handler rejects an invalid complaint: closed as rejected with the reason', async () => {
    const { engine } = setup();
    await engine.execute(life[0] as Command);
    const { complaint } = await engine.execute({
      type: 'reject',
      complaintId: 'C-1',
      actor: a.handler,
      reason: '不属于本公司产品',
    });
    expect(complaint).toMatchObject({ stage: 'rejected', status: 'closed', rejectionReason: '不属于本公司产品' });
  });

  it.each(['received', 'judged', 'investigated', 'proposal', 'implemented'] as const)(
    'the complainant withdraws in %s',
    async (stage) => {
      const { engine } = setup();
      for (const cmd of prefixTo(stage)) await engine.execute(cmd);
      const { complaint } = await engine.execute({
        type: 'withdraw',
        complaintId: 'C-1',
        actor: a.agent,
        reason: 'Solved it myself',
      });
      expect(complaint).toMatchObject({ stage: 'withdrawn', status: 'closed', withdrawalReason: 'Solved it myself' });
    },
  );

  it('escalations and notes keep the stage and are counted', async () => {
    const { engine } = setup();
    for (const cmd of prefixTo('investigated')) await engine.execute(cmd);
    await engine.execute({ type: 'escalate', complaintId: 'C-1', actor: a.department, reason: 'Beyond my authority' });
    const { complaint } = await engine.execute({
      type: 'addNote',
      complaintId: 'C-1',
      actor: a.supervisor,
      text: '已致电客户 📞',
    });
    expect(complaint).toMatchObject({ stage: 'investigated', escalations: 1, notes: 1 });
  });

  it('reassignment moves the complaint to another department, whose staff may then act', async () => {
    const { engine } = setup();
    for (const cmd of prefixTo('judged')) await engine.execute(cmd);
    await engine.execute({
      type: 'reassign',
      complaintId: 'C-1',
      actor: a.handler,
      department: 'service',
      reason: 'Staff behaviour',
    });
    const { complaint } = await engine.execute({
      type: 'recordInvestigation',
      complaintId: 'C-1',
      actor: a.otherDepartment,
      rootCause: 'Rude courier',
      responsibleParty: 'courier',
    });
    expect(complaint).toMatchObject({ stage: 'investigated', department: 'service' });
  });

  it('several proposals: the supervisor approves exactly one of them', async () => {
    const { engine } = setup();
    for (const cmd of prefixTo('investigated')) await engine.execute(cmd);
    const first = await engine.execute({
      type: 'proposeRemedy',
      complaintId: 'C-1',
      actor: a.department,
      remedy: { description: 'Refund' },
    });
    const second = await engine.execute({
      type: 'proposeRemedy',
      complaintId: 'C-1',
      actor: a.department,
      proposalId: 'swap',
      remedy: { description: 'Swap' },
    });
    expect([first.proposalId, second.proposalId]).toEqual(['P1', 'swap']);
    const { complaint } = await engine.execute({
      type: 'approveRemedy',
      complaintId: 'C-1',
      actor: a.supervisor,
      proposalId: 'swap',
    });
    expect(complaint.approvedProposalId).toBe('swap');
    expect(complaint.proposals.map((p) => p.status)).toEqual(['proposed', 'approved']);
  });
});
