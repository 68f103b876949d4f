import { afterAll, expect } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { DEPARTMENTS, exampleActors as a, exampleLifecycle } from '@redress/testing';
import {
  createEngine,
  isRedressError,
  memoryStore,
  sequentialIds,
  type Actor,
  type Command,
  type Engine,
  type Stage,
} from '../index';

/**
 * The lifecycle of DESIGN.md §1 written out by hand, independent of the machine:
 * what the engine's complaint must look like after any sequence of commands.
 */
interface Model {
  stage: Stage;
  department: string | undefined;
  proposals: { id: string; status: 'proposed' | 'approved' | 'refused' }[];
  approved: string | undefined;
  accepted: boolean | undefined;
  followedUp: boolean;
  notes: number;
  escalations: number;
  refusals: number;
}

interface Real {
  readonly engine: Engine;
  readonly size: () => number;
}

const ID = 'C-1';
const reached = new Set<Stage>();
const open = (m: Model) => ['received', 'judged', 'investigated', 'proposal', 'implemented'].includes(m.stage);

/** One command of the model run: when the model allows it, what it changes, and the command itself. */
class Step implements fc.AsyncCommand<Model, Real> {
  constructor(
    private readonly label: string,
    private readonly allowed: (m: Model) => boolean,
    private readonly change: (m: Model) => void,
    private readonly build: (m: Model) => Command,
    /** `allowed`: runs where the model allows it; `refused`: only where it refuses; `any`: everywhere. */
    private readonly when: 'allowed' | 'refused' | 'any' = 'any',
  ) {}

  only = (when: 'allowed' | 'refused' | 'any') =>
    new Step(when === 'any' ? `${this.label}?` : this.label, this.allowed, this.change, this.build, when);

  check = (m: Readonly<Model>) => this.when === 'any' || this.allowed(m) === (this.when === 'allowed');

  async run(m: Model, r: Real): Promise<void> {
    const cmd = this.build(m);
    const size = r.size();
    if (this.allowed(m)) {
      await r.engine.execute(cmd);
      this.change(m);
    } else {
      const error = await r.engine.execute(cmd).then(
        () => 'accepted',
        (e: unknown) => e,
      );
      expect(isRedressError(error, 'NOT_ALLOWED'), `${this.label} in ${m.stage}: ${String(error)}`).toBe(true);
      expect(r.size()).toBe(size);
    }
    reached.add(m.stage);
    const c = await r.engine.load(ID);
    expect({
      stage: c.stage,
      department: c.department,
      proposals: c.proposals.map((p) => ({ id: p.id, status: p.status })),
      approved: c.approvedProposalId,
      accepted: c.customerAccepted,
      followedUp: c.followUp !== undefined,
      notes: c.notes,
      escalations: c.escalations,
      refusals: c.refusals,
    }).toEqual(m);
    expect(c.status).toBe(open(m) ? 'open' : 'closed');
  }

  toString = () => this.label;
}

const dept = (m: Model): Actor => ({
  id: 'staff-1',
  role: 'department',
  department: m.department ?? 'quality-control',
});
const on = { complaintId: ID } as const;

const steps: fc.Arbitrary<Step>[] = [
  fc.constantFrom(...DEPARTMENTS).map(
    (d) =>
      new Step(
        `accept(${d})`,
        (m) => m.stage === 'received',
        (m) => Object.assign(m, { stage: 'judged', department: d }),
        () => ({
          type: 'accept',
          ...on,
          actor: a.handler,
          department: d,
          priority: 'normal',
        }),
      ),
  ),
  fc.constant(
    new Step(
      'reject',
      (m) => m.stage === 'received',
      (m) => void (m.stage = 'rejected'),
      () => ({ type: 'reject', ...on, actor: a.handler, reason: 'Not ours' }),
    ),
  ),
  fc.constantFrom(...DEPARTMENTS).map(
    (d) =>
      new Step(
        `reassign(${d})`,
        (m) => m.stage === 'judged' || m.stage === 'investigated',
        (m) => void (m.department = d),
        () => ({
          type: 'reassign',
          ...on,
          actor: a.supervisor,
          department: d,
        }),
      ),
  ),
  fc.constant(
    new Step(
      'investigate',
      (m) => m.stage === 'judged',
      (m) => void (m.stage = 'investigated'),
      (m) => ({
        type: 'recordInvestigation',
        ...on,
        actor: dept(m),
        rootCause: 'Seal',
        responsibleParty: 'supplier',
      }),
    ),
  ),
  fc.constant(
    new Step(
      'propose',
      (m) => (m.stage === 'investigated' || m.stage === 'proposal') && m.approved === undefined,
      (m) => {
        m.stage = 'proposal';
        m.proposals.push({ id: `P${m.proposals.length + 1}`, status: 'proposed' });
      },
      (m) => ({ type: 'proposeRemedy', ...on, actor: dept(m), remedy: { description: 'Replace it' } }),
    ),
  ),
  // Approve one of the proposals waiting (k picks which), or one that does not exist (k = 5).
  fc.nat(5).map((k) => {
    const target = (m: Model) => {
      const waiting = m.proposals.filter((p) => p.status === 'proposed');
      return k === 5 || waiting.length === 0
        ? { id: k === 5 ? 'P-unknown' : 'P1', status: 'missing' }
        : (waiting[k % waiting.length] as Model['proposals'][number]);
    };
    return new Step(
      `approve(${k})`,
      (m) => m.stage === 'proposal' && m.approved === undefined && target(m).status === 'proposed',
      (m) => {
        const p = target(m) as Model['proposals'][number];
        p.status = 'approved';
        m.approved = p.id;
      },
      (m) => ({ type: 'approveRemedy', ...on, actor: a.supervisor, proposalId: target(m).id }),
    );
  }),
  fc.constant(
    new Step(
      'implement',
      (m) => m.stage === 'proposal' && m.approved !== undefined,
      (m) => void (m.stage = 'implemented'),
      (m) => ({
        type: 'implementRemedy',
        ...on,
        actor: dept(m),
        actionsTaken: 'Done',
      }),
    ),
  ),
  fc.boolean().map(
    (yes) =>
      new Step(
        `respond(${yes})`,
        (m) => m.stage === 'implemented' && m.accepted === undefined,
        (m) => {
          if (yes) m.accepted = true;
          else {
            const p = m.proposals.find((x) => x.id === m.approved) as Model['proposals'][number];
            p.status = 'refused';
            Object.assign(m, { stage: 'proposal', approved: undefined, refusals: m.refusals + 1 });
          }
        },
        () => ({ type: 'recordCustomerResponse', ...on, actor: a.agent, accepted: yes }),
      ),
  ),
  fc.constant(
    new Step(
      'review',
      (m) => m.stage === 'implemented' && m.accepted === true,
      (m) => void (m.stage = 'reviewed'),
      () => ({
        type: 'review',
        ...on,
        actor: a.supervisor,
        summary: 'ok',
        classification: 'product-defect',
      }),
    ),
  ),
  fc.constant(
    new Step(
      'followUp',
      (m) => m.stage === 'reviewed' && !m.followedUp,
      (m) => void (m.followedUp = true),
      () => ({
        type: 'recordFollowUp',
        ...on,
        actor: a.agent,
        satisfaction: 4,
      }),
    ),
  ),
  fc.constant(
    new Step(
      'note',
      open,
      (m) => void m.notes++,
      () => ({ type: 'addNote', ...on, actor: a.agent, text: '已回电' }),
    ),
  ),
  fc.constant(
    new Step(
      'escalate',
      open,
      (m) => void m.escalations++,
      () => ({ type: 'escalate', ...on, actor: a.handler, reason: 'Beyond me' }),
    ),
  ),
  fc.constant(
    new Step(
      'withdraw',
      open,
      (m) => void (m.stage = 'withdrawn'),
      () => ({ type: 'withdraw', ...on, actor: a.agent }),
    ),
  ),
];

// Progress commands come up more often than closing ones, so runs get deep into the lifecycle.
const progress = [0, 3, 4, 5, 6, 7, 8, 9].map((i) => steps[i] as fc.Arbitrary<Step>);
const closing = new Set([steps[1], steps[12]]); // reject, withdraw
// One step in four runs whatever the stage (a refusal where the model refuses it); closing
// steps mostly probe refusals, so runs are not cut short and reach the late stages.
const mode = (arb: fc.Arbitrary<Step>) =>
  fc
    .tuple(arb, fc.nat(closing.has(arb) ? 7 : 3))
    .map(([step, n]) => step.only(n === 0 ? 'any' : closing.has(arb) ? 'refused' : 'allowed'));
const weighted = fc.commands([...steps, ...progress, ...progress].map(mode), { maxCommands: 60, size: 'max' });

/** The step of `steps[i]` whose label matches, for a run written out by hand. */
const pick = (i: number, label: RegExp): Step =>
  fc.sample(
    (steps[i] as fc.Arbitrary<Step>).filter((s) => label.test(String(s))),
    1,
  )[0] as Step;
// Runs written out by hand, tried before the random ones on every test run: through
// every open stage to reviewed and its follow-up, to rejected, and to withdrawn. The
// model is then checked in each stage every time, not only when the random runs
// happen to get there (over 80 of them, `reviewed` or `rejected` was missing about
// one test run in seven).
const byHand: Step[][] = [
  [
    pick(0, /^accept/),
    pick(10, /^note$/),
    pick(3, /^investigate$/),
    pick(4, /^propose$/),
    pick(5, /^approve\([0-4]\)$/),
    pick(6, /^implement$/),
    pick(7, /^respond\(true\)$/),
    pick(8, /^review$/),
    pick(9, /^followUp$/),
  ],
  [pick(1, /^reject$/)],
  [pick(0, /^accept/), pick(12, /^withdraw$/)],
];

test.prop([weighted], { numRuns: 80, examples: byHand.map((run) => [run]) })(
  'the engine follows a hand-written model of the lifecycle, command by command',
  async (cmds) => {
    const store = memoryStore();
    const engine = createEngine({ store, ids: sequentialIds() });
    await engine.execute(exampleLifecycle(ID)[0] as Command);
    const model: Model = {
      stage: 'received',
      department: undefined,
      proposals: [],
      approved: undefined,
      accepted: undefined,
      followedUp: false,
      notes: 0,
      escalations: 0,
      refusals: 0,
    };
    await fc.asyncModelRun(() => ({ model, real: { engine, size: () => store.size } }), cmds);
  },
);

afterAll(() => {
  // The runs went through the whole lifecycle, not just its first stages.
  expect([...reached].sort(), 'stages the runs reached').toEqual([
    'implemented',
    'investigated',
    'judged',
    'proposal',
    'received',
    'rejected',
    'reviewed',
    'withdrawn',
  ]);
});
