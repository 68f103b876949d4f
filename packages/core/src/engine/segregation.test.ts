import { describe, expect, test } from 'vitest';
import {
  createEngine,
  defaultPolicy,
  definePolicy,
  isRedressError,
  memoryStore,
  sequentialIds,
  type Actor,
  type Command,
  type Policy,
  type RedressError,
} from '../index';

const agent = { id: 'agent-1', role: 'agent' };
const handler = { id: 'handler-1', role: 'handler' };
// One person, two hats: the attack is to propose in one role and approve in the other.
const asDepartment = { id: 'u-7', role: 'department', department: 'quality-control' };
const asSupervisor = { id: 'u-7', role: 'supervisor' };
const s1 = { id: 'sup-1', role: 'supervisor' };
const s2 = { id: 'sup-2', role: 'supervisor' };

/** A complaint in proposal with remedy P1 proposed by `proposer`; `approvers` approvals needed. */
const toProposal = async (options: { policy?: Policy; proposer?: Actor; approvers?: number } = {}) => {
  const store = memoryStore();
  const policy =
    options.policy ??
    definePolicy({
      roles: { proposeRemedy: ['department', 'supervisor'] },
      approvalsRequired: () => options.approvers ?? 1,
    });
  const engine = createEngine({ store, ids: sequentialIds(), policy });
  const on = { complaintId: 'C-1' };
  const run = (cmd: Command) => engine.execute(cmd);
  await run({
    type: 'receive',
    ...on,
    actor: agent,
    channel: 'web',
    category: 'quality',
    complainant: { name: 'A' },
    summary: 'Broken',
  });
  await run({ type: 'accept', ...on, actor: handler, department: 'quality-control', priority: 'high' });
  await run({ type: 'recordInvestigation', ...on, actor: asDepartment, rootCause: 'Seal', responsibleParty: 'x' });
  await run({
    type: 'proposeRemedy',
    ...on,
    actor: options.proposer ?? asDepartment,
    remedy: { description: 'Refund', compensation: { amount: 9000, currency: 'CNY' } },
  });
  const refused = async (cmd: Command) => {
    const before = store.size;
    const error = await engine.execute(cmd).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(store.size).toBe(before);
    return error as RedressError;
  };
  return { engine, store, run, refused };
};

const approve = (actor: Actor): Command => ({ type: 'approveRemedy', complaintId: 'C-1', actor, proposalId: 'P1' });

describe('segregation of duties', () => {
  test('proposing as department and approving as supervisor under the same id is refused, and appends nothing', async () => {
    const { refused } = await toProposal();
    const e = await refused(approve(asSupervisor));
    expect(isRedressError(e, 'FORBIDDEN')).toBe(true);
    expect(e.message).toBe(
      'Cannot approveRemedy: rule "segregation-of-duties" refuses: u-7 proposed remedy "P1" and may not approve it too (segregation of duties); another approver must',
    );
    expect(e.details).toMatchObject({ rule: 'segregation-of-duties', command: 'approveRemedy', complaintId: 'C-1' });
  });

  test('the proposer is not offered approveRemedy; another supervisor is, and may approve', async () => {
    const { engine, run } = await toProposal();
    const c = await engine.load('C-1');
    expect(engine.allowedCommands(c, asSupervisor)).not.toContain('approveRemedy');
    expect(engine.allowedCommands(c, s1)).toContain('approveRemedy');
    const { complaint } = await run(approve(s1));
    expect(complaint.approvedProposalId).toBe('P1');
  });

  test('a supervisor who proposes may not approve their own remedy either', async () => {
    const { refused } = await toProposal({ proposer: s1 });
    expect(isRedressError(await refused(approve(s1)), 'FORBIDDEN')).toBe(true);
  });

  test('with two approvals required, neither may be the proposer, and no one approves twice', async () => {
    const { engine, run, refused } = await toProposal({ approvers: 2 });
    await run(approve(s1));
    expect((await refused(approve(s1))).code).toBe('NOT_ALLOWED');
    expect((await refused(approve(asSupervisor))).code).toBe('FORBIDDEN');
    const { complaint } = await run(approve(s2));
    expect(complaint.approvedProposalId).toBe('P1');
    expect(complaint.proposals[0]?.approvals).toEqual(['sup-1', 'sup-2']);
    expect((await engine.load('C-1')).proposals[0]?.proposedBy).toBe('u-7');
  });

  test('allowedCommands still offers approval while some waiting remedy is not the actor’s own', async () => {
    const { engine, run } = await toProposal();
    await run({ type: 'proposeRemedy', complaintId: 'C-1', actor: s1, remedy: { description: 'Repair' } });
    const c = await engine.load('C-1');
    expect(engine.allowedCommands(c, asSupervisor)).toContain('approveRemedy');
    expect(engine.allowedCommands(c, s1)).toContain('approveRemedy');
    // …and the approval of the other's remedy goes through.
    const { complaint } = await run({
      type: 'approveRemedy',
      complaintId: 'C-1',
      actor: asSupervisor,
      proposalId: 'P2',
    });
    expect(complaint.approvedProposalId).toBe('P2');
  });

  test('a policy that does not mention segregateDuties segregates: the default is on', async () => {
    const { segregateDuties: _left, ...bare } = defaultPolicy;
    const policy: Policy = { ...bare, roles: { ...defaultPolicy.roles, proposeRemedy: ['department', 'supervisor'] } };
    expect('segregateDuties' in policy).toBe(false);
    const { refused } = await toProposal({ policy });
    expect((await refused(approve(asSupervisor))).details).toMatchObject({ rule: 'segregation-of-duties' });
  });

  test('segregateDuties: false lets the proposer approve', async () => {
    const policy = definePolicy({ roles: { proposeRemedy: ['department', 'supervisor'] }, segregateDuties: false });
    const { run } = await toProposal({ policy });
    const { complaint } = await run(approve(asSupervisor));
    expect(complaint.approvedProposalId).toBe('P1');
  });
});

describe('logs written before the rule', () => {
  test('a log where the proposer approved loads, replays and verifies under the rule', async () => {
    const policy = definePolicy({ roles: { proposeRemedy: ['department', 'supervisor'] }, segregateDuties: false });
    const { store, run } = await toProposal({ policy });
    await run(approve(asSupervisor));
    // The same log, opened by an engine whose policy segregates duties.
    const today = createEngine({ store, policy: definePolicy() });
    expect((await today.load('C-1')).approvedProposalId).toBe('P1');
    expect((await today.verify('C-1')).ok).toBe(true);
  });
});

describe('department scope: department staff must name their department', () => {
  test('an actor of role department without a department is refused while departmentScoped is on', async () => {
    const { refused, engine } = await toProposal();
    const nameless = { id: 'd-9', role: 'department' };
    const e = await refused({ type: 'addNote', complaintId: 'C-1', actor: nameless, text: 'x' });
    expect(isRedressError(e, 'FORBIDDEN')).toBe(true);
    expect(e.message).toContain('acts in role "department" but names no department');
    expect(engine.allowedCommands(await engine.load('C-1'), nameless)).toEqual([]);
  });

  test('with departmentScoped off, the same actor may act', async () => {
    const policy = definePolicy({ departmentScoped: false, roles: { proposeRemedy: ['department', 'supervisor'] } });
    const { run } = await toProposal({ policy });
    const { complaint } = await run({
      type: 'addNote',
      complaintId: 'C-1',
      actor: { id: 'd-9', role: 'department' },
      text: 'x',
    });
    expect(complaint.notes).toBe(1);
  });
});
