import { beforeAll, describe, expect, test } from 'vitest';
import {
  businessCalendar,
  createEngine,
  deadlinePolicy,
  memoryStore,
  projectionRunner,
  sequentialIds,
  statisticsProjection,
  statisticsTable,
  type Actor,
  type Engine,
  type StatisticsRow,
  type StatisticsState,
} from '../index';

/*
 * The figures of a regulator's return, each checked against a table worked out
 * by hand from the complaints below. Deadlines are counted in elapsed hours, so
 * every due time is the receipt plus a round number of hours:
 * acknowledge 1 h, decide 24 h, resolve 240 h, follow-up 72 h after the review.
 *
 * January 2026, UTC, from 2026-01-01T00:00Z (in) to 2026-02-01T00:00Z (out):
 * - A, quality → quality-control: accepted at the very instant its decision was
 *   due (in time), escalated once; a first remedy implemented in time is refused,
 *   a second one, implemented after the resolution was due, accepted (the first
 *   implementation met the deadline); reviewed 250 h after receipt, followed up in
 *   time with satisfaction 4.
 * - B, quality: never decided; a tick after its due time records the breach.
 * - C, quality: rejected 25 h after receipt, an hour late for the decision.
 * - P, quality: paused for 10 h, then rejected 29 h after receipt, 5 h past the
 *   first due time but in time by the one the pause moved it to.
 * - H, quality → service: resolved 10 h after receipt, follow-up an hour late, satisfaction 2.
 * - ten billing complaints, each rejected after 1 … 10 hours, in shuffled order;
 *   two delivery complaints, rejected after 12 and 3 hours.
 * - F received at the first instant of the period, E at its last millisecond:
 *   both in; G a millisecond before the period, D at its end instant: both out.
 *   All four are withdrawn a minute later.
 */
const H = 3_600_000;
const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const BILLING_HOURS = [7, 3, 10, 1, 9, 5, 2, 8, 6, 4];

const agent: Actor = { id: 'agent-1', role: 'agent' };
const handler: Actor = { id: 'handler-1', role: 'handler' };
const qc: Actor = { id: 'qc-1', role: 'department', department: 'quality-control' };
const service: Actor = { id: 'svc-1', role: 'department', department: 'service' };
const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };

type Step = { readonly at: number; readonly run: (engine: Engine) => Promise<unknown> };

const cmd =
  (complaintId: string, command: Record<string, unknown>) =>
  (engine: Engine): Promise<unknown> =>
    engine.execute({ complaintId, ...command } as never);
const receive = (complaintId: string, category: string) =>
  cmd(complaintId, {
    type: 'receive',
    actor: agent,
    channel: 'phone',
    category,
    complainant: { name: 'N' },
    summary: 's',
  });
/** Propose a remedy, approve it and implement it, all at one instant. */
const remedy = (complaintId: string, staff: Actor) => async (engine: Engine) => {
  const { proposalId } = await engine.execute({
    type: 'proposeRemedy',
    complaintId,
    actor: staff,
    remedy: { description: 'Fix' },
  });
  await engine.execute({ type: 'approveRemedy', complaintId, actor: supervisor, proposalId: proposalId as string });
  await engine.execute({ type: 'implementRemedy', complaintId, actor: staff, actionsTaken: 'Done' });
};
const answer = (complaintId: string, accepted: boolean) =>
  cmd(complaintId, { type: 'recordCustomerResponse', actor: agent, accepted });
const withdrawn = (complaintId: string, at: number): Step[] => [
  { at, run: receive(complaintId, 'quality') },
  { at: at + 60_000, run: cmd(complaintId, { type: 'withdraw', actor: agent }) },
];

const steps: Step[] = [
  // A
  { at: T0, run: receive('A', 'quality') },
  {
    at: T0 + 24 * H,
    run: cmd('A', { type: 'accept', actor: handler, department: 'quality-control', priority: 'high' }),
  },
  {
    at: T0 + 30 * H,
    run: cmd('A', { type: 'recordInvestigation', actor: qc, rootCause: 'Seal', responsibleParty: 'supplier' }),
  },
  { at: T0 + 31 * H, run: cmd('A', { type: 'escalate', actor: agent, reason: 'Slow' }) },
  { at: T0 + 32 * H, run: remedy('A', qc) },
  { at: T0 + 33 * H, run: answer('A', false) },
  { at: T0 + 241 * H, run: remedy('A', qc) },
  { at: T0 + 242 * H, run: answer('A', true) },
  { at: T0 + 250 * H, run: cmd('A', { type: 'review', actor: supervisor, summary: 'ok', classification: 'defect' }) },
  { at: T0 + 260 * H, run: cmd('A', { type: 'recordFollowUp', actor: agent, satisfaction: 4 }) },
  // B, and the tick that finds its decision overdue (A was decided an hour before)
  { at: T0 + 1 * H, run: receive('B', 'quality') },
  { at: T0 + 25 * H + 1, run: (engine) => engine.tick() },
  // C
  { at: T0 + 2 * H, run: receive('C', 'quality') },
  { at: T0 + 27 * H, run: cmd('C', { type: 'reject', actor: handler, reason: 'Not ours' }) },
  // P
  { at: T0 + 5 * H, run: receive('P', 'quality') },
  { at: T0 + 6 * H, run: cmd('P', { type: 'pause', actor: agent, reason: 'Waiting for the receipt' }) },
  { at: T0 + 16 * H, run: cmd('P', { type: 'resume', actor: agent }) },
  { at: T0 + 34 * H, run: cmd('P', { type: 'reject', actor: handler, reason: 'Not ours' }) },
  // H
  { at: T0 + 3 * H, run: receive('H', 'quality') },
  { at: T0 + 4 * H, run: cmd('H', { type: 'accept', actor: handler, department: 'service', priority: 'low' }) },
  {
    at: T0 + 5 * H,
    run: cmd('H', { type: 'recordInvestigation', actor: service, rootCause: 'Late', responsibleParty: 'courier' }),
  },
  { at: T0 + 7 * H, run: remedy('H', service) },
  { at: T0 + 8 * H, run: answer('H', true) },
  { at: T0 + 13 * H, run: cmd('H', { type: 'review', actor: supervisor, summary: 'ok', classification: 'delay' }) },
  { at: T0 + 86 * H, run: cmd('H', { type: 'recordFollowUp', actor: agent, satisfaction: 2 }) },
  // Billing
  ...BILLING_HOURS.flatMap((hours, k): Step[] => {
    const at = T0 + (100 + 12 * k) * H;
    return [
      { at, run: receive(`BL-${k}`, 'billing') },
      { at: at + hours * H, run: cmd(`BL-${k}`, { type: 'reject', actor: handler, reason: 'Charged correctly' }) },
    ];
  }),
  // Delivery
  { at: T0 + 300 * H, run: receive('DL-1', 'delivery') },
  { at: T0 + 312 * H, run: cmd('DL-1', { type: 'reject', actor: handler, reason: 'Delivered' }) },
  { at: T0 + 310 * H, run: receive('DL-2', 'delivery') },
  { at: T0 + 313 * H, run: cmd('DL-2', { type: 'reject', actor: handler, reason: 'Delivered' }) },
  // The edges of the period
  ...withdrawn('G', Date.parse('2025-12-31T23:59:59.999Z')),
  ...withdrawn('F', Date.parse('2026-01-01T00:00:00.000Z')),
  ...withdrawn('E', Date.parse('2026-01-31T23:59:59.999Z')),
  ...withdrawn('D', Date.parse('2026-02-01T00:00:00.000Z')),
];

const play = async (): Promise<StatisticsState> => {
  let now = 0;
  const store = memoryStore();
  const engine = createEngine({
    store,
    ids: sequentialIds(),
    clock: () => new Date(now),
    deadlines: deadlinePolicy({
      calendar: businessCalendar({ timeZone: 'UTC' }),
      rules: {
        acknowledge: { within: { hours: 1 } },
        decide: { within: { hours: 24 } },
        resolve: { within: { hours: 240 } },
        followUp: { within: { hours: 72 } },
      },
    }),
  });
  // In time order, whichever complaint each step belongs to.
  for (const step of [...steps].sort((a, b) => a.at - b.at)) {
    now = step.at;
    await step.run(engine);
  }
  const stats = projectionRunner({ store, projection: statisticsProjection() });
  await stats.catchUp();
  return stats.state;
};

const none = { inTime: 0, total: 0, percent: undefined };
const all = (n: number) => ({ inTime: n, total: n, percent: 100 });
const outcomes = (o: Partial<StatisticsRow['outcomes']>) => ({ open: 0, resolved: 0, rejected: 0, withdrawn: 0, ...o });

/** The table by hand. */
const expectedRows: StatisticsRow[] = [
  {
    period: '2026-01',
    category: 'billing',
    department: '(none)',
    received: 10,
    outcomes: outcomes({ rejected: 10 }),
    timeliness: { acknowledge: all(10), decide: all(10), resolve: all(10), followUp: none, progress: none },
    // 1 … 10 hours: mean 5.5; the 90th percentile by nearest rank is the ⌈0.9 × 10⌉ = 9th of 10.
    resolutionHours: { count: 10, average: 5.5, p90: 9 },
    satisfaction: { count: 0, average: undefined },
    escalations: 0,
    reopenedByRefusal: 0,
  },
  {
    period: '2026-01',
    category: 'delivery',
    department: '(none)',
    received: 2,
    outcomes: outcomes({ rejected: 2 }),
    timeliness: { acknowledge: all(2), decide: all(2), resolve: all(2), followUp: none, progress: none },
    resolutionHours: { count: 2, average: 7.5, p90: 12 },
    satisfaction: { count: 0, average: undefined },
    escalations: 0,
    reopenedByRefusal: 0,
  },
  {
    period: '2026-01',
    category: 'quality',
    department: '(none)',
    // B, C, P, F, E.
    received: 5,
    outcomes: outcomes({ open: 1, rejected: 2, withdrawn: 2 }),
    // B breached and never decided, C decided late: both count, neither in time; P in time.
    // B's resolution clock still runs, F's and E's stopped: none of them counts.
    timeliness: {
      acknowledge: all(5),
      decide: { inTime: 1, total: 3, percent: 100 / 3 },
      resolve: all(2),
      followUp: none,
      progress: none,
    },
    // 25 and 29: the 90th percentile by nearest rank is the 2nd of 2.
    resolutionHours: { count: 2, average: 27, p90: 29 },
    satisfaction: { count: 0, average: undefined },
    escalations: 0,
    reopenedByRefusal: 0,
  },
  {
    period: '2026-01',
    category: 'quality',
    department: 'quality-control',
    received: 1,
    outcomes: outcomes({ resolved: 1 }),
    // Decided at the due instant: in time. Resolved by the first implementation: in time.
    timeliness: { acknowledge: all(1), decide: all(1), resolve: all(1), followUp: all(1), progress: none },
    resolutionHours: { count: 1, average: 250, p90: 250 },
    satisfaction: { count: 1, average: 4 },
    escalations: 1,
    reopenedByRefusal: 1,
  },
  {
    period: '2026-01',
    category: 'quality',
    department: 'service',
    received: 1,
    outcomes: outcomes({ resolved: 1 }),
    timeliness: {
      acknowledge: all(1),
      decide: all(1),
      resolve: all(1),
      followUp: { inTime: 0, total: 1, percent: 0 },
      progress: none,
    },
    resolutionHours: { count: 1, average: 10, p90: 10 },
    satisfaction: { count: 1, average: 2 },
    escalations: 0,
    reopenedByRefusal: 0,
  },
];

const expectedTotals: StatisticsRow = {
  period: 'all',
  category: 'all',
  department: 'all',
  received: 19,
  outcomes: outcomes({ open: 1, resolved: 2, rejected: 14, withdrawn: 2 }),
  timeliness: {
    acknowledge: all(19),
    decide: { inTime: 15, total: 17, percent: (100 * 15) / 17 },
    resolve: all(16),
    followUp: { inTime: 1, total: 2, percent: 50 },
    progress: none,
  },
  // 1 … 10, 3, 10, 12, 25, 29, 250: sixteen values summing to 384;
  // nearest rank ⌈0.9 × 16⌉ = ⌈14.4⌉ = 15 → 29 (the 14th would be 25).
  resolutionHours: { count: 16, average: 24, p90: 29 },
  satisfaction: { count: 2, average: 3 },
  escalations: 1,
  reopenedByRefusal: 1,
};

describe('statistics table against a table worked out by hand', () => {
  let facts: StatisticsState;
  beforeAll(async () => {
    facts = await play();
  });
  const january = {
    period: 'month',
    timeZone: 'UTC',
    from: new Date('2026-01-01T00:00:00.000Z'),
    to: new Date('2026-02-01T00:00:00.000Z'),
  } as const;

  test('the rows: one per category and department, every figure', () => {
    const { rows } = statisticsTable(facts, january);
    expect(rows.map((r) => [r.category, r.department])).toEqual(expectedRows.map((r) => [r.category, r.department]));
    for (const [i, row] of rows.entries()) expect(row, `${row.category} / ${row.department}`).toEqual(expectedRows[i]);
  });

  test('the totals, every figure', () => {
    expect(statisticsTable(facts, january).totals).toEqual(expectedTotals);
  });

  test('from is inclusive and to exclusive, to the millisecond', () => {
    const received = (from: string, to: string) =>
      statisticsTable(facts, { period: 'month', from: new Date(from), to: new Date(to) }).totals.received;
    expect(received('2026-01-01T00:00:00.000Z', '2026-01-05T09:00:00.000Z')).toBe(1); // F; A arrives at the end instant
    expect(received('2026-01-01T00:00:00.001Z', '2026-01-05T09:00:00.001Z')).toBe(1); // A; F a millisecond too early
    expect(received('2025-12-31T23:59:59.999Z', '2026-01-01T00:00:00.000Z')).toBe(1); // G
    expect(received('2026-01-31T23:59:59.999Z', '2026-02-01T00:00:00.001Z')).toBe(2); // E and D
    // Without bounds, every complaint is counted, each in the month it was received.
    const { rows, totals } = statisticsTable(facts, { period: 'month' });
    expect(totals.received).toBe(21);
    expect(rows.map((r) => [r.period, r.received])).toEqual([
      ['2025-12', 1],
      ['2026-01', 10],
      ['2026-01', 2],
      ['2026-01', 5],
      ['2026-01', 1],
      ['2026-01', 1],
      ['2026-02', 1],
    ]);
  });
});
