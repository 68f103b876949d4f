import { describe, expect, test } from 'vitest';
import {
  businessCalendar,
  createEngine,
  deadlinePolicy,
  definePolicy,
  foldProjection,
  memoryStore,
  regulatorReturn,
  sequentialIds,
  statisticsProjection,
  statisticsTable,
  type StoredEvent,
} from '../index';

const agent = { id: 'agent-1', role: 'agent' };
const handler = { id: 'handler-1', role: 'handler' };
const qc = { id: 'qc-1', role: 'department', department: 'qc' };
const sup = { id: 'sup-1', role: 'supervisor' };
const day = 86_400_000;

/** Five complaints against two firms in March 2026, with hand-known outcomes. */
const seeded = async () => {
  const store = memoryStore();
  let t = Date.parse('2026-03-02T09:00:00Z');
  const engine = createEngine({
    store,
    clock: () => new Date(t),
    ids: sequentialIds(),
    policy: definePolicy({ firstContact: { categories: ['delivery'], priorities: ['low'] } }),
    deadlines: deadlinePolicy({
      calendar: businessCalendar({ timeZone: 'UTC' }),
      rules: { resolve: { within: { calendarDays: 10 } } },
    }),
  });
  const receive = (id: string, legalEntity: string, category: string) =>
    engine.execute({
      type: 'receive',
      complaintId: id,
      actor: agent,
      channel: 'web',
      category,
      legalEntity,
      complainant: { name: 'A' },
      summary: 's',
    });
  const full = async (id: string, outcome: 'upheld' | 'partly-upheld', daysToResolve: number) => {
    const on = { complaintId: id };
    await engine.execute({ type: 'accept', ...on, actor: handler, department: 'qc', priority: 'normal' });
    await engine.execute({ type: 'recordInvestigation', ...on, actor: qc, rootCause: 'r', responsibleParty: 'p' });
    await engine.execute({ type: 'proposeRemedy', ...on, actor: qc, remedy: { description: 'd' } });
    await engine.execute({ type: 'approveRemedy', ...on, actor: sup, proposalId: 'P1' });
    t += daysToResolve * day;
    await engine.execute({ type: 'implementRemedy', ...on, actor: qc, actionsTaken: 'done' });
    await engine.execute({ type: 'recordCustomerResponse', ...on, actor: agent, accepted: true });
    await engine.execute({ type: 'review', ...on, actor: sup, summary: 's', classification: 'seal-defect', outcome });
  };
  await receive('A-1', 'bank-a', 'quality');
  await full('A-1', 'upheld', 3); // met in time, 3 days
  await receive('A-2', 'bank-a', 'quality');
  await full('A-2', 'partly-upheld', 12); // met late: 12 days against 10
  await receive('A-3', 'bank-a', 'delivery');
  await engine.execute({
    type: 'resolveAtFirstContact',
    complaintId: 'A-3',
    actor: agent,
    resolution: 'Re-sent',
    priority: 'low',
    outcome: 'upheld',
  });
  await engine.execute({ type: 'review', complaintId: 'A-3', actor: sup, summary: 's', classification: 'courier' });
  await receive('A-4', 'bank-a', 'delivery');
  await engine.execute({ type: 'merge', complaintId: 'A-4', into: 'A-3', actor: handler });
  await receive('B-1', 'bank-b', 'fees');
  await engine.execute({ type: 'reject', complaintId: 'B-1', actor: handler, reason: 'Outside the terms' });
  const events: StoredEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  return foldProjection(statisticsProjection(), events);
};

describe('the regulator’s return', () => {
  test('per period and legal entity, by hand-counted figures; a merged duplicate counts once', async () => {
    const { rows } = regulatorReturn(await seeded(), { period: 'quarter' });
    expect(rows.map((r) => [r.period, r.legalEntity])).toEqual([
      ['2026-Q1', 'bank-a'],
      ['2026-Q1', 'bank-b'],
    ]);
    const [a, b] = rows;
    expect(a?.received.count).toBe(3);
    expect(a?.closed.count).toBe(3);
    expect(a?.closedInTime.count).toBe(2); // A-1 in 3 days, A-3 at once; A-2 after 12 of 10
    expect(a?.upheld.count).toBe(2);
    expect(a?.partlyUpheld.count).toBe(1);
    expect(a?.firstContact.count).toBe(1);
    expect(a?.byCategory).toEqual({ delivery: { count: 1 }, quality: { count: 2 } });
    expect(a?.byRootCause).toEqual({ courier: { count: 1 }, 'seal-defect': { count: 2 } });
    expect(a?.responseDays.count).toBe(3);
    expect(a?.responseDays.median).toBeCloseTo(3, 5);
    expect(a?.responseDays.p90).toBeCloseTo(12, 5);
    expect(b?.notUpheld.count).toBe(1);
    expect(b?.closedInTime.count).toBe(1); // a rejection is the final response, at once
  });

  test('explain lists the complaints behind every figure', async () => {
    const { rows } = regulatorReturn(await seeded(), { period: 'month', explain: true });
    const a = rows.find((r) => r.legalEntity === 'bank-a');
    expect(a?.received.complaints).toEqual(['A-1', 'A-2', 'A-3']);
    expect(a?.closedInTime.complaints).toEqual(['A-1', 'A-3']);
    expect(a?.partlyUpheld.complaints).toEqual(['A-2']);
    expect(a?.byCategory.delivery?.complaints).toEqual(['A-3']);
    expect(a?.responseDays.complaints).toEqual(['A-1', 'A-2', 'A-3']);
  });

  test('the statistics table counts a merged duplicate once too', async () => {
    const facts = await seeded();
    expect(facts.get('A-4')?.mergedInto).toBe('A-3');
    expect(statisticsTable(facts, { period: 'month' }).totals.received).toBe(4);
  });

  test('an unknown period is VALIDATION naming the periods', async () => {
    expect(() => regulatorReturn(new Map(), { period: 'week' as never })).toThrow(/"month", "quarter"/);
  });
});
