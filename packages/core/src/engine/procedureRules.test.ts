import { describe, expect, test } from 'vitest';
import {
  createEngine,
  definePolicy,
  isRedressError,
  memoryStore,
  sequentialIds,
  type Command,
  type ProcedureRule,
  type RedressError,
} from '../index';

const agent = { id: 'agent-1', role: 'agent' };
const handler = { id: 'handler-1', role: 'handler' };
const supervisor = { id: 'sup-1', role: 'supervisor' };
const qc = { id: 'qc-1', role: 'department', department: 'quality-control' };
const manager = { id: 'mgr-1', role: 'manager' };

/** A complaint referred by a regulator cannot be rejected by a handler. */
const regulatorReferrals: ProcedureRule = {
  name: 'regulator-referrals',
  commands: ['reject'],
  refuse: ({ complaint, actor }) =>
    complaint?.channel === 'regulator' && actor.role === 'handler'
      ? 'a complaint referred by a regulator may be rejected by a supervisor only'
      : undefined,
};

/** Compensation above 10,000 is approved by a manager only. */
const largeCompensation: ProcedureRule = {
  name: 'large-compensation',
  commands: ['approveRemedy'],
  refuse: ({ complaint, actor, command }) => {
    const large = (complaint?.proposals ?? []).filter(
      (p) => p.status === 'proposed' && (p.compensation?.amount ?? 0) > 10_000,
    );
    const asked = command?.type === 'approveRemedy' ? large.filter((p) => p.id === command.proposalId) : large;
    const waiting = (complaint?.proposals ?? []).filter((p) => p.status === 'proposed');
    // Without a command: refuse only when every waiting remedy is a large one.
    const bites = command === undefined ? asked.length > 0 && asked.length === waiting.length : asked.length > 0;
    return bites && actor.role !== 'manager' ? 'compensation above 10,000 needs the approval of a manager' : undefined;
  },
};

const policy = definePolicy({
  roles: { reject: ['handler', 'supervisor'], approveRemedy: ['supervisor', 'manager'] },
  rules: [regulatorReferrals, largeCompensation],
});

const setup = async (channel: 'regulator' | 'web', amount = 0) => {
  const store = memoryStore();
  const engine = createEngine({ store, ids: sequentialIds(), policy });
  const on = { complaintId: 'C-1' };
  await engine.execute({
    type: 'receive',
    ...on,
    actor: agent,
    channel,
    category: 'quality',
    complainant: { name: 'A' },
    summary: 'Broken',
  });
  const refused = async (cmd: Command): Promise<RedressError> => {
    const before = store.size;
    const error = await engine.execute(cmd).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(store.size).toBe(before);
    if (!isRedressError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
    return error;
  };
  const toProposal = async () => {
    await engine.execute({ type: 'accept', ...on, actor: handler, department: 'quality-control', priority: 'high' });
    await engine.execute({ type: 'recordInvestigation', ...on, actor: qc, rootCause: 'x', responsibleParty: 'y' });
    await engine.execute({
      type: 'proposeRemedy',
      ...on,
      actor: qc,
      remedy: { description: 'Pay', compensation: { amount, currency: 'CNY' } },
    });
  };
  return { engine, refused, toProposal };
};

const reject = (actor: { id: string; role: string }): Command => ({
  type: 'reject',
  complaintId: 'C-1',
  actor,
  reason: 'Outside the terms',
});

describe("the app's procedure rules", () => {
  test('a handler may not reject a regulator referral: NOT_ALLOWED with the rule’s message and name', async () => {
    const { refused } = await setup('regulator');
    const e = await refused(reject(handler));
    expect(e.code).toBe('NOT_ALLOWED');
    expect(e.message).toContain(
      'rule "regulator-referrals" refuses: a complaint referred by a regulator may be rejected by a supervisor only',
    );
    expect(e.details).toMatchObject({ command: 'reject', stage: 'received', rule: 'regulator-referrals' });
  });

  test('the same rule lets a supervisor reject it, and a handler reject a complaint from the web', async () => {
    const referred = await setup('regulator');
    expect((await referred.engine.execute(reject(supervisor))).complaint.stage).toBe('rejected');
    const web = await setup('web');
    expect((await web.engine.execute(reject(handler))).complaint.stage).toBe('rejected');
  });

  test('allowedCommands respects the rules', async () => {
    const { engine } = await setup('regulator');
    const c = await engine.load('C-1');
    expect(engine.allowedCommands(c, handler)).not.toContain('reject');
    expect(engine.allowedCommands(c, handler)).toContain('accept');
    expect(engine.allowedCommands(c, supervisor)).toContain('reject');
  });

  test('compensation above the limit needs a manager; below it a supervisor approves', async () => {
    const big = await setup('web', 12_000);
    await big.toProposal();
    const e = await big.refused({ type: 'approveRemedy', complaintId: 'C-1', actor: supervisor, proposalId: 'P1' });
    expect(e.details).toMatchObject({ rule: 'large-compensation' });
    expect(big.engine.allowedCommands(await big.engine.load('C-1'), supervisor)).not.toContain('approveRemedy');
    expect(big.engine.allowedCommands(await big.engine.load('C-1'), manager)).toContain('approveRemedy');
    const ok = await big.engine.execute({
      type: 'approveRemedy',
      complaintId: 'C-1',
      actor: manager,
      proposalId: 'P1',
    });
    expect(ok.complaint.approvedProposalId).toBe('P1');

    const small = await setup('web', 500);
    await small.toProposal();
    const fine = await small.engine.execute({
      type: 'approveRemedy',
      complaintId: 'C-1',
      actor: supervisor,
      proposalId: 'P1',
    });
    expect(fine.complaint.approvedProposalId).toBe('P1');
  });

  test('a rule is asked only about the commands it names', async () => {
    const { engine } = await setup('regulator');
    let asked = 0;
    const counting = definePolicy({
      rules: [{ name: 'count', commands: ['addNote'], refuse: () => void asked++ }],
    });
    const other = createEngine({ store: memoryStore(), policy: counting });
    await other.execute({
      type: 'receive',
      complaintId: 'C-2',
      actor: agent,
      channel: 'web',
      category: 'q',
      complainant: { name: 'B' },
      summary: 's',
    });
    expect(asked).toBe(0);
    await other.execute({ type: 'addNote', complaintId: 'C-2', actor: agent, text: 'n' });
    expect(asked).toBe(1);
    expect(engine).toBeDefined();
  });

  test('definePolicy refuses malformed rules with a message that says what to write', () => {
    const bad = (rules: unknown) => () => definePolicy({ rules: rules as ProcedureRule[] });
    expect(bad([{ commands: ['reject'], refuse: () => undefined }])).toThrow(/rules\[0\] needs a name/);
    expect(bad([{ name: 'x', commands: ['rejekt'], refuse: () => undefined }])).toThrow(/unknown: "rejekt"/);
    expect(bad([{ name: 'x', commands: ['reject'] }])).toThrow(/refuse must be a function/);
    expect(bad([regulatorReferrals, regulatorReferrals])).toThrow(/names must be unique/);
    try {
      bad([{ name: 'x', commands: ['reject'] }])();
    } catch (e) {
      expect(isRedressError(e, 'VALIDATION') && e.details?.option).toBe('rules');
    }
  });
});
