import { describe, expect, test } from 'vitest';
import type { Actor } from '../domain/roles';
import { createEngine } from '../engine/createEngine';
import { sequentialIds } from '../engine/ids';
import { isRedressError } from '../errors/redressError';
import { memoryStore } from '../store/memoryStore';
import { businessCalendar, type BusinessCalendar } from './calendar';
import { deadlinePolicy } from './deadlinePolicy';
import type { DeadlineRules } from './deadlineRules';
import {
  chinaBankingRules,
  chinaMarketRegulationRules,
  isSummaryResolution,
  ukFcaDispRules,
  usCfpbRules,
} from './presets';

const agent: Actor = { id: 'agent-1', role: 'agent' };
const handler: Actor = { id: 'handler-1', role: 'handler' };
const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };

const engineFor = (calendar: BusinessCalendar, rules: DeadlineRules, received: string) => {
  let now = new Date(received);
  const engine = createEngine({
    store: memoryStore(),
    ids: sequentialIds(),
    clock: () => now,
    deadlines: deadlinePolicy({ calendar, rules }),
  });
  const receive = async () =>
    (
      await engine.execute({
        type: 'receive',
        actor: agent,
        channel: 'phone',
        category: 'card',
        complainant: { name: '李雷' },
        summary: 'Fee',
      })
    ).complaintId;
  return { engine, receive, at: (iso: string) => (now = new Date(iso)) };
};

describe('China banking and insurance: decide within 15 days, extendable to 30, then by a further 30', () => {
  const calendar = businessCalendar({ timeZone: 'Asia/Shanghai' });

  test('the decision is due at the end of the 15th day after receipt, Beijing time', async () => {
    const { engine, receive } = engineFor(calendar, chinaBankingRules, '2026-03-02T02:00:00Z');
    const id = await receive();
    expect((await engine.load(id)).deadlines?.decide?.dueAt).toBe('2026-03-17T16:00:00.000Z');
  });

  test('a complex case extends to 30 days, then with approval by a further 30, and no further', async () => {
    const { engine, receive } = engineFor(calendar, chinaBankingRules, '2026-03-02T02:00:00Z');
    const id = await receive();
    const extend = () =>
      engine.execute({
        type: 'extendDeadline',
        complaintId: id,
        actor: supervisor,
        deadline: 'decide',
        reason: 'Complex case',
      });
    await extend();
    expect((await engine.load(id)).deadlines?.decide?.dueAt).toBe('2026-04-01T16:00:00.000Z');
    await extend();
    expect((await engine.load(id)).deadlines?.decide).toMatchObject({
      dueAt: '2026-05-01T16:00:00.000Z',
      extensions: 2,
    });
    const error = await extend().catch((e: unknown) => e);
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
    expect((error as Error).message).toMatch(/extended 2 time\(s\) and the policy allows 2/);
  });

  test('no decision by day 15 is a breach that escalates', async () => {
    const { engine, receive, at } = engineFor(calendar, chinaBankingRules, '2026-03-02T02:00:00Z');
    const id = await receive();
    at('2026-03-18T00:00:00Z');
    const { events } = await engine.tick();
    expect(events.map((e) => e.type)).toEqual(['DeadlineWarned', 'DeadlineBreached', 'ComplaintEscalated']);
    expect((await engine.load(id)).escalations).toBe(1);
  });
});

describe('China market regulation: whether to accept, within 7 working days', () => {
  const calendar = businessCalendar({
    timeZone: 'Asia/Shanghai',
    holidays: [
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
      '2025-10-04',
      '2025-10-05',
      '2025-10-06',
      '2025-10-07',
      '2025-10-08',
    ],
    extraWorkingDays: ['2025-09-28', '2025-10-11'],
  });

  test('seven working days over National Day 2025 end at close of business on 13 October', async () => {
    const { engine, receive, at } = engineFor(calendar, chinaMarketRegulationRules, '2025-09-26T02:00:00Z');
    const id = await receive();
    expect((await engine.load(id)).deadlines?.decide?.dueAt).toBe('2025-10-13T09:00:00.000Z');
    at('2025-10-13T08:00:00Z');
    await engine.execute({
      type: 'accept',
      complaintId: id,
      actor: handler,
      department: 'consumer-rights',
      priority: 'normal',
    });
    at('2025-10-20T00:00:00Z');
    expect((await engine.tick()).events.filter((e) => e.type === 'DeadlineBreached')).toEqual([]);
  });
});

describe('UK FCA DISP: summary resolution by close of the third business day, else a final response within 8 weeks', () => {
  const calendar = businessCalendar({ timeZone: 'Europe/London' });

  test('received on a Friday afternoon: summary resolution until Wednesday close, final response 8 weeks on', async () => {
    const { engine, receive } = engineFor(calendar, ukFcaDispRules, '2026-01-09T15:00:00Z');
    const id = await receive();
    const d = (await engine.load(id)).deadlines;
    expect(d?.decide?.dueAt).toBe('2026-01-14T17:00:00.000Z');
    expect(d?.decide?.escalate).toBe(false);
    expect(d?.resolve?.dueAt).toBe('2026-03-07T00:00:00.000Z');
  });

  test('closed by Wednesday close counts as a summary resolution; on Thursday it does not', async () => {
    for (const [when, summary] of [
      ['2026-01-14T16:59:00Z', true],
      ['2026-01-15T10:00:00Z', false],
    ] as const) {
      const { engine, receive, at } = engineFor(calendar, ukFcaDispRules, '2026-01-09T15:00:00Z');
      const id = await receive();
      at(when);
      await engine.execute({ type: 'reject', complaintId: id, actor: handler, reason: 'Fee was in the signed terms' });
      expect(isSummaryResolution(await engine.load(id), calendar)).toBe(summary);
    }
  });
});

describe('US CFPB: response within 15 days, final response within 60', () => {
  const calendar = businessCalendar({ timeZone: 'America/New_York' });

  test('days are counted in New York time, across the switch to daylight saving', async () => {
    const { engine, receive } = engineFor(calendar, usCfpbRules, '2026-03-01T17:00:00Z');
    const id = await receive();
    const d = (await engine.load(id)).deadlines;
    expect(d?.decide?.dueAt).toBe('2026-03-17T04:00:00.000Z');
    expect(d?.resolve?.dueAt).toBe('2026-05-01T04:00:00.000Z');
  });
});
