import { describe, expect, test } from 'vitest';
import type { Actor } from '../domain/roles';
import { createEngine } from '../engine/createEngine';
import { sequentialIds } from '../engine/ids';
import { memoryStore } from '../store/memoryStore';
import { businessCalendar } from '../deadlines/calendar';
import { deadlinePolicy } from '../deadlines/deadlinePolicy';
import { periodOf } from './period';
import { projectionRunner } from './runner';
import { statisticsProjection } from './statistics';
import { statisticsTable } from './statisticsTable';

const agent: Actor = { id: 'agent-1', role: 'agent' };
const handler: Actor = { id: 'handler-1', role: 'handler' };
const qc: Actor = { id: 'qc-1', role: 'department', department: 'quality-control' };
const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };
const H = 3_600_000;

/** Three quality complaints in January 2026 (Shanghai): one resolved after a refusal, one rejected late, one withdrawn. */
const scenario = async () => {
  let now = Date.parse('2026-01-05T01:00:00Z');
  const store = memoryStore();
  const engine = createEngine({
    store,
    ids: sequentialIds(),
    clock: () => new Date(now),
    deadlines: deadlinePolicy({
      calendar: businessCalendar({ timeZone: 'Asia/Shanghai' }),
      rules: {
        acknowledge: { within: { workingHours: 1 } },
        decide: { within: { businessDays: 1 } },
        resolve: { within: { calendarDays: 10 } },
      },
    }),
  });
  const receive = async () =>
    (
      await engine.execute({
        type: 'receive',
        actor: agent,
        channel: 'phone',
        category: 'quality',
        complainant: { name: 'N' },
        summary: 's',
      })
    ).complaintId;
  const run = (complaintId: string, cmd: Record<string, unknown>) => engine.execute({ complaintId, ...cmd } as never);

  const a = await receive();
  now += 2 * H;
  await run(a, { type: 'accept', actor: handler, department: 'quality-control', priority: 'high' });
  await run(a, { type: 'recordInvestigation', actor: qc, rootCause: 'Seal', responsibleParty: 'supplier' });
  for (const accepted of [false, true]) {
    const { proposalId } = await run(a, { type: 'proposeRemedy', actor: qc, remedy: { description: 'Fix' } });
    await run(a, { type: 'approveRemedy', actor: supervisor, proposalId });
    await run(a, { type: 'implementRemedy', actor: qc, actionsTaken: 'Done' });
    await run(a, { type: 'recordCustomerResponse', actor: agent, accepted });
  }
  await run(a, { type: 'escalate', actor: agent, reason: 'Slow' });
  now = Date.parse('2026-01-05T01:00:00Z') + 48 * H;
  await run(a, { type: 'review', actor: supervisor, summary: 'ok', classification: 'defect' });
  await run(a, { type: 'recordFollowUp', actor: agent, satisfaction: 4 });

  const b = await receive();
  now += 72 * H; // decided three days later: late
  await run(b, { type: 'reject', actor: handler, reason: 'Not ours' });

  const c = await receive();
  await run(c, { type: 'withdraw', actor: agent });

  const stats = projectionRunner({ store, projection: statisticsProjection() });
  await stats.catchUp();
  return stats.state;
};

describe('statistics table', () => {
  test('counts by outcome, timeliness, resolution time, satisfaction, escalations and refusals', async () => {
    const { rows, totals } = statisticsTable(await scenario(), { period: 'month', timeZone: 'Asia/Shanghai' });
    expect(rows.map((r) => [r.period, r.category, r.department, r.received])).toEqual([
      ['2026-01', 'quality', '(none)', 2],
      ['2026-01', 'quality', 'quality-control', 1],
    ]);
    expect(totals.outcomes).toEqual({ open: 0, resolved: 1, rejected: 1, withdrawn: 1 });
    expect(totals.timeliness.acknowledge).toEqual({ inTime: 3, total: 3, percent: 100 });
    expect(totals.timeliness.decide).toEqual({ inTime: 1, total: 2, percent: 50 });
    expect(totals.timeliness.resolve.total).toBe(2);
    expect(totals.resolutionHours).toEqual({ count: 2, average: 60, p90: 72 });
    expect(totals.satisfaction).toEqual({ count: 1, average: 4 });
    expect(totals.escalations).toBe(1);
    expect(totals.reopenedByRefusal).toBe(1);
  });

  test('periods: ISO weeks and days are counted in the chosen zone', async () => {
    const facts = await scenario();
    expect(statisticsTable(facts, { period: 'week', timeZone: 'Asia/Shanghai' }).rows.map((r) => r.period)).toEqual([
      '2026-W02',
      '2026-W02',
    ]);
    expect(
      statisticsTable(facts, { period: 'day', timeZone: 'Asia/Shanghai' }).rows.map((r) => [r.period, r.received]),
    ).toEqual([
      ['2026-01-05', 1],
      ['2026-01-07', 1],
      ['2026-01-10', 1],
    ]);
    expect(periodOf(Date.parse('2026-01-04T20:00:00Z'), 'week', 'Asia/Shanghai')).toBe('2026-W02');
    expect(periodOf(Date.parse('2026-01-04T20:00:00Z'), 'week', 'UTC')).toBe('2026-W01');
    expect(periodOf(Date.parse('2027-01-01T12:00:00Z'), 'week', 'UTC')).toBe('2026-W53');
  });

  test('from/to select complaints by receipt; a bad period or zone is refused', async () => {
    const facts = await scenario();
    expect(statisticsTable(facts, { period: 'month', from: new Date('2026-01-06T00:00:00Z') }).totals.received).toBe(2);
    expect(() => statisticsTable(facts, { period: 'year' as never })).toThrow(/period must be/);
    expect(() => statisticsTable(facts, { period: 'day', timeZone: 'Nowhere/City' })).toThrow(/Unknown time zone/);
  });
});
