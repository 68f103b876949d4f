import { afterAll, expect } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { initialTransition, transition } from 'xstate';
import { commandOf, exampleActors, exampleLifecycle, validCommandSequence } from '@redress/testing';
import {
  COMMAND_EVENT,
  DEADLINE_KINDS,
  EVENT_TYPES,
  applyEvent,
  canonicalJson,
  createEngine,
  decide,
  definePolicy,
  findTransition,
  memoryStore,
  parseCommand,
  sequentialIds,
  type Command,
  type CommandType,
  type Complaint,
  type DomainEvent,
  type EventType,
  type LifecycleStage,
  type Policy,
  type RecordedEvent,
} from '../index';
import { complaintMachine } from './machine';

const twoApprovers = definePolicy({ approvalsRequired: () => 2 });
const firstContact = definePolicy({ firstContact: { categories: '*', priorities: ['low', 'normal'] } });
const commandFor = Object.fromEntries(Object.entries(COMMAND_EVENT).map(([cmd, ev]) => [ev, cmd])) as Partial<
  Record<EventType, CommandType>
>;
const at = '2026-01-05T09:00:00.000Z';

/** Data for event types no command records directly. */
const systemEvent = (g: fc.GeneratorValue, type: EventType): DomainEvent => {
  const deadline = g(fc.constantFrom<(typeof DEADLINE_KINDS)[number][]>, ...DEADLINE_KINDS);
  switch (type) {
    case 'ComplaintAcknowledged':
      return { type, data: { channel: 'phone' } };
    case 'DeadlineWarned':
    case 'DeadlineBreached':
      return { type, data: { deadline, dueAt: at } };
    case 'DeadlineSet':
      return {
        type,
        data: {
          deadline,
          cause: 'start',
          startedAt: at,
          dueAt: at,
          warnAt: at,
          basis: 'calendar',
          pausedFor: 0,
          escalate: false,
        },
      };
    case 'PersonalDataErased':
      return { type, data: { subjectId: 'S-1', basis: 'request', reason: 'Art. 17 request 42' } };
    case 'DuplicateMerged':
      // Now and then one the complaint has recorded already, which its guard refuses.
      return { type, data: { duplicateId: g(fc.constantFrom, 'C-7', 'C-8') } };
    default:
      throw new Error(`The table/machine property has no example of ${type}; add one here`);
  }
};

type Pool = Partial<Record<CommandType, Record<string, unknown>>>;
/** One well-formed command of every type, drawn once per run; candidates vary only what the guards look at. */
const commandPool: fc.Arbitrary<Pool> = fc.record(
  Object.fromEntries(
    Object.values(commandFor).map((t) => [
      t,
      commandOf(t) as fc.Arbitrary<unknown> as fc.Arbitrary<Record<string, unknown>>,
    ]),
  ),
);

/** A candidate event of `type` for `c`, varied where the lifecycle's guards look (proposal ids, approvers, the answer). */
const candidate = (g: fc.GeneratorValue, pool: Pool, c: Complaint | undefined, type: EventType): RecordedEvent => {
  const command = commandFor[type];
  let draft: DomainEvent;
  let actor = { id: g(fc.constantFrom, 'sup-1', 'sup-2'), role: 'supervisor' };
  if (command === undefined) draft = systemEvent(g, type);
  else {
    const raw: Record<string, unknown> = { ...pool[command], complaintId: c?.id ?? 'C-1' };
    const known = (c?.proposals ?? []).map((p) => p.id);
    if (command === 'approveRemedy' || (command === 'proposeRemedy' && known.length > 0 && g(fc.boolean))) {
      raw.proposalId = g(fc.constantFrom, ...known, 'P-new');
    }
    if (command === 'recordCustomerResponse') raw.accepted = g(fc.boolean);
    const parsed = parseCommand(raw);
    actor = command === 'approveRemedy' ? actor : parsed.actor;
    draft = decide(c, parsed).find((d) => d.type === type) as DomainEvent;
  }
  return {
    id: `E-${(c?.version ?? 0) + 1}`,
    streamId: c?.id ?? 'C-1',
    version: (c?.version ?? 0) + 1,
    ...draft,
    schemaVersion: 1,
    actor,
    occurredAt: at,
    correlationId: 'x',
    causationId: null,
    commandId: null,
    prevHash: c?.lastHash ?? '0'.repeat(64),
    hash: 'f'.repeat(64),
  } as RecordedEvent;
};

// Deep equality through canonical JSON: the same answer as toEqual for these plain objects, many times faster.
const same = (x: unknown, y: unknown) =>
  x === undefined ? y === undefined : y !== undefined && canonicalJson(x) === canonicalJson(y);

const visited = new Set<LifecycleStage>();
// Rejections and withdrawals a little more often than by default, so every run of this file reaches both.
const closingOften = { reject: 4, withdraw: 2 };

/** Lives of a complaint under the default policy and under one where every remedy needs two approvers. */
const lives = fc
  .constantFrom(undefined, twoApprovers)
  .chain((policy) =>
    fc.tuple(fc.constant(policy), validCommandSequence({ weights: closingOften, ...(policy ? { policy } : {}) })),
  );

type Life = [Policy | undefined, { readonly complaintId: string; readonly commands: readonly Command[] }];

/** Walk one complaint's life, checking table and machine against each other at every step. */
const agreeAlong = async ([policy, seq]: Life, pool: Pool, g: fc.GeneratorValue) => {
  const engine = createEngine({ store: memoryStore(), ids: sequentialIds(), ...(policy ? { policy } : {}) });
  for (const cmd of seq.commands) await engine.execute(cmd);
  const path = await engine.history(seq.complaintId, { reveal: true });
  let [snapshot] = initialTransition(complaintMachine);
  let complaint: Complaint | undefined;
  for (let i = 0; ; i++) {
    visited.add(complaint?.stage ?? 'new');
    expect(snapshot.value).toBe(complaint?.stage ?? 'new');
    for (const type of EVENT_TYPES) {
      const event = candidate(g, pool, complaint, type);
      const entry = findTransition(complaint, event);
      const accepted = snapshot.can({ type, event });
      expect(accepted, `${type} in ${String(snapshot.value)}`).toBe(entry !== undefined);
      // A full transition() costs far more than can(); where both refuse, can() has answered the question.
      if (entry !== undefined) {
        const [next] = transition(complaintMachine, snapshot, { type, event });
        expect(next.value).toBe(entry.target);
        expect(
          same(next.context.complaint, applyEvent(complaint, event, entry.target)),
          `${type} in ${entry.target}`,
        ).toBe(true);
      }
    }
    const real = path[i];
    if (real === undefined) break;
    const entry = findTransition(complaint, real);
    expect(entry, `${real.type} v${real.version}`).toBeDefined();
    complaint = applyEvent(complaint, real, entry?.target ?? 'received');
    [snapshot] = transition(complaintMachine, snapshot, { type: real.type, event: real });
    expect(snapshot.context.complaint).toEqual(complaint);
  }
  expect(complaint).toEqual(await engine.load(seq.complaintId));
};

test.prop([lives, commandPool, fc.gen()], {
  numRuns: 40,
  // Shrinking whole lives is slow: report the smallest failure found within the limit.
  // Interrupted before all 40 lives were checked, the property fails and says how many were.
  interruptAfterTimeLimit: 30_000,
  markInterruptAsFailure: true,
})('the derived transition table and XState transition() agree on every reachable stage and event type', agreeAlong);

// Lives that end in each final stage, so every stage is checked whatever the random lives reach.
const receive = exampleLifecycle('C-9')[0] as Command;
const fixedLives: Life[] = [
  [undefined, { complaintId: 'C-9', commands: exampleLifecycle('C-9') }],
  [
    undefined,
    {
      complaintId: 'C-9',
      commands: [
        receive,
        { type: 'reject', complaintId: 'C-9', actor: exampleActors.handler, reason: 'Outside warranty' },
      ],
    },
  ],
  [
    twoApprovers,
    {
      complaintId: 'C-9',
      commands: [
        receive,
        { type: 'withdraw', complaintId: 'C-9', actor: exampleActors.agent, reason: 'Solved itself' },
      ],
    },
  ],
  [
    undefined,
    {
      complaintId: 'C-9',
      commands: [
        { ...receive, complaintId: 'C-8' } as Command,
        receive,
        { type: 'link', complaintId: 'C-9', relatedId: 'C-8', actor: exampleActors.handler },
        { type: 'merge', complaintId: 'C-9', into: 'C-8', actor: exampleActors.handler },
      ],
    },
  ],
  [
    firstContact,
    {
      complaintId: 'C-9',
      commands: [
        receive,
        {
          type: 'resolveAtFirstContact',
          complaintId: 'C-9',
          actor: exampleActors.agent,
          resolution: 'Re-sent the parcel',
          priority: 'low',
          outcome: 'upheld',
        },
        {
          type: 'review',
          complaintId: 'C-9',
          actor: exampleActors.supervisor,
          summary: 'Courier lost it',
          classification: 'delivery',
          outcome: 'upheld',
        },
        { type: 'recordFollowUp', complaintId: 'C-9', actor: exampleActors.agent, satisfaction: 4 },
      ],
    },
  ],
];
test.prop([fc.constantFrom(...fixedLives), commandPool, fc.gen()], { numRuns: 15 })(
  'the table and XState agree along lives that reach every stage',
  agreeAlong,
);

afterAll(() => {
  // Every stage, and the state before the first event, must have been checked against every event type.
  expect([...visited].sort()).toEqual(
    [
      'new',
      'received',
      'judged',
      'investigated',
      'proposal',
      'implemented',
      'reviewed',
      'rejected',
      'withdrawn',
      'merged',
    ].sort(),
  );
});
