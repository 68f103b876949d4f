import { describe, expect, test } from 'vitest';
import { isRedressError } from '../errors/redressError';
import { businessCalendar } from './calendar';
import { agent, handler, presetEngine, supervisor } from './presetEngine.testkit';
import {
  chinaBankingRules,
  chinaMarketRegulationRules,
  nfraConsumerComplaintRules,
  nfraConsumerComplaints,
  samrComplaintRules,
} from './presets';

// National Day and Mid-Autumn Festival 2025: 1–8 October off; Sunday 28 September and
// Saturday 11 October worked (调休).
const nationalDay2025 = {
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
};

describe('NFRA consumer complaints (CBIRC Order 2020 No. 3, art. 20; PRC Civil Code arts. 201, 203)', () => {
  // Business hours 09:00–17:00 Beijing time (UTC+8): close of business is 09:00Z.
  const calendar = businessCalendar({ timeZone: 'Asia/Shanghai', ...nationalDay2025 });

  test('the preset names its rule text, articles and version; the old name is an alias', () => {
    expect(nfraConsumerComplaints).toMatchObject({
      ruleSet: { id: 'cn-nfra-complaints', version: 1 },
      articles: ['art. 20', 'Civil Code art. 201', 'Civil Code art. 203'],
      effective: '2020-03-01',
    });
    expect(chinaBankingRules).toBe(nfraConsumerComplaintRules);
  });

  test('15 days: the day of receipt not counted (art. 201), the 15th day ends at close of business (art. 203 ¶2)', async () => {
    // Received Mon 2 March 2026 10:00. Day 1 is 3 March … day 15 is Tue 17 March, a working
    // day: due at its close of business, 17:00 = 09:00Z (not at 24:00).
    const { engine, receive } = presetEngine(calendar, nfraConsumerComplaintRules, '2026-03-02T02:00:00Z');
    const id = await receive();
    expect((await engine.load(id)).deadlines?.decide).toMatchObject({
      dueAt: '2026-03-17T09:00:00.000Z',
      ruleSet: { id: 'cn-nfra-complaints', version: 1 },
    });
  });

  test('a last day on a statutory holiday ends on the next working day (art. 203 ¶1)', async () => {
    // Received Tue 16 September 2025: day 15 is Wed 1 October, National Day. 1–8 October are
    // off, so the period ends on Thu 9 October at 17:00 = 09:00Z.
    const { engine, receive } = presetEngine(calendar, nfraConsumerComplaintRules, '2025-09-16T02:00:00Z');
    const id = await receive();
    expect((await engine.load(id)).deadlines?.decide?.dueAt).toBe('2025-10-09T09:00:00.000Z');
  });

  test('a last day on a rest day rolls to Monday; on a make-up workday it stands', async () => {
    // Received Fri 6 March 2026: day 15 is Sat 21 March, a rest day → Mon 23 March 17:00.
    const weekend = presetEngine(calendar, nfraConsumerComplaintRules, '2026-03-06T02:00:00Z');
    const a = await weekend.receive();
    expect((await weekend.clock(a, 'decide'))?.dueAt).toBe('2026-03-23T09:00:00.000Z');
    // Received Sat 13 September 2025: day 15 is Sun 28 September, a make-up workday → it ends then.
    const makeUp = presetEngine(calendar, nfraConsumerComplaintRules, '2025-09-13T02:00:00Z');
    const b = await makeUp.receive();
    expect((await makeUp.clock(b, 'decide'))?.dueAt).toBe('2025-09-28T09:00:00.000Z');
  });

  test('a firm without business hours: the last day ends at 24:00', async () => {
    const allDay = businessCalendar({ timeZone: 'Asia/Shanghai', hours: [['00:00', '24:00']] });
    // Received Mon 2 March 2026: day 15 is Tue 17 March, ending at 24:00 Beijing = 16:00Z.
    const { receive, clock } = presetEngine(allDay, nfraConsumerComplaintRules, '2026-03-02T02:00:00Z');
    expect((await clock(await receive(), 'decide'))?.dueAt).toBe('2026-03-17T16:00:00.000Z');
  });

  test('accepting the complaint does not stop the clock; a decision told to the complainant does', async () => {
    const first = presetEngine(calendar, nfraConsumerComplaintRules, '2026-03-02T02:00:00Z');
    const a = await first.receive();
    first.at('2026-03-03T02:00:00Z');
    await first.accept(a);
    expect(await first.breachesAt('2026-03-18T00:00:00Z')).toEqual(['decide']);

    const second = presetEngine(calendar, nfraConsumerComplaintRules, '2026-03-02T02:00:00Z');
    const b = await second.receive();
    second.at('2026-03-03T02:00:00Z');
    await second.accept(b);
    second.at('2026-03-10T02:00:00Z');
    await second.respond(b, 'progress');
    expect((await second.clock(b, 'decide'))?.status).toBe('running');
    await second.respond(b, 'decision');
    expect(await second.clock(b, 'decide')).toMatchObject({ status: 'met', metAt: '2026-03-10T02:00:00.000Z' });
    expect(await second.breachesAt('2026-03-18T00:00:00Z')).toEqual([]);
  });

  test('extensions: to 30 days, then a further 30 only with a recorded senior approval, then no more', async () => {
    // Labour Day as this calendar has it: 1–5 May 2026 off.
    const cal = businessCalendar({
      timeZone: 'Asia/Shanghai',
      holidays: ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'],
    });
    const { engine, receive } = presetEngine(cal, nfraConsumerComplaintRules, '2026-03-02T02:00:00Z');
    const id = await receive();
    const extend = (approval?: { by: string; role: string }) =>
      engine.execute({
        type: 'extendDeadline',
        complaintId: id,
        actor: supervisor,
        deadline: 'decide',
        reason: 'Complex case',
        ...(approval === undefined ? {} : { approval }),
      });
    await extend();
    // Day 30 after 2 March is Wed 1 April, a working day: 17:00 = 09:00Z.
    expect((await engine.load(id)).deadlines?.decide?.dueAt).toBe('2026-04-01T09:00:00.000Z');
    const version = (await engine.load(id)).version;
    const refused = await extend().catch((e: unknown) => e);
    expect(isRedressError(refused, 'VALIDATION')).toBe(true);
    expect((refused as Error).message).toMatch(
      /second extension of the decide deadline needs an approval by senior-manager/,
    );
    expect((await engine.load(id)).version).toBe(version);
    await extend({ by: 'vp-cards', role: 'senior-manager' });
    // Day 60 is Fri 1 May, a holiday; 2–5 May are off too: the period ends Wed 6 May, 17:00.
    expect((await engine.load(id)).deadlines?.decide).toMatchObject({
      dueAt: '2026-05-06T09:00:00.000Z',
      extensions: 2,
    });
    const history = await engine.history(id);
    expect(history.filter((e) => e.type === 'DeadlineExtended').at(-1)?.data).toMatchObject({
      approval: { by: 'vp-cards', role: 'senior-manager' },
    });
    const third = await extend({ by: 'vp-cards', role: 'senior-manager' }).catch((e: unknown) => e);
    expect((third as Error).message).toMatch(/extended 2 time\(s\) and the policy allows 2/);
  });

  test('a pause moves the end by whole days and the roll past days off survives it', async () => {
    // Received Wed 4 March 2026: day 15 is Thu 19 March. Paused Thu 5 March 10:00 to Sat 7
    // March 10:00: 2 whole days, so day 17 = Sat 21 March, a rest day → Mon 23 March 17:00.
    // (Moving the due instant by 48 hours would have left it on Saturday at 17:00.)
    const { engine, receive, at } = presetEngine(calendar, nfraConsumerComplaintRules, '2026-03-04T02:00:00Z');
    const id = await receive();
    expect((await engine.load(id)).deadlines?.decide?.dueAt).toBe('2026-03-19T09:00:00.000Z');
    at('2026-03-05T02:00:00Z');
    await engine.execute({ type: 'pause', complaintId: id, actor: agent, reason: 'Waiting for the statement' });
    at('2026-03-07T02:00:00Z');
    await engine.execute({ type: 'resume', complaintId: id, actor: agent });
    expect((await engine.load(id)).deadlines?.decide?.dueAt).toBe('2026-03-23T09:00:00.000Z');
    // An extension after the pause keeps both: day 30 + 2 after 4 March is Sun 5 April, a rest
    // day → Mon 6 April, 17:00.
    await engine.execute({
      type: 'extendDeadline',
      complaintId: id,
      actor: supervisor,
      deadline: 'decide',
      reason: 'Complex',
    });
    expect((await engine.load(id)).deadlines?.decide?.dueAt).toBe('2026-04-06T09:00:00.000Z');
  });

  test('a rejection with its reason is the decision told', async () => {
    const { engine, receive, at, breachesAt } = presetEngine(
      calendar,
      nfraConsumerComplaintRules,
      '2026-03-02T02:00:00Z',
    );
    const id = await receive();
    at('2026-03-04T02:00:00Z');
    await engine.execute({ type: 'reject', complaintId: id, actor: handler, reason: 'Fee is in the signed terms' });
    expect((await engine.load(id)).deadlines?.decide?.status).toBe('met');
    expect(await breachesAt('2026-04-01T00:00:00Z')).toEqual([]);
  });
});

describe('Market regulation complaints (SAMR Order No. 20, arts. 14 and 21)', () => {
  const calendar = businessCalendar({ timeZone: 'Asia/Shanghai', ...nationalDay2025 });

  test('art. 14: seven working days over National Day 2025, met by the acceptance', async () => {
    // Received Fri 26 September 2025. Working days after it: Sun 28 Sep (make-up) 1, Mon 29
    // 2, Tue 30 3, [1–8 Oct off], Thu 9 Oct 4, Fri 10 5, Sat 11 (make-up) 6, Mon 13 7 → 17:00 = 09:00Z.
    const { engine, receive, at, accept, breachesAt } = presetEngine(
      calendar,
      samrComplaintRules,
      '2025-09-26T02:00:00Z',
    );
    const id = await receive();
    expect((await engine.load(id)).deadlines?.decide?.dueAt).toBe('2025-10-13T09:00:00.000Z');
    at('2025-10-13T08:00:00Z');
    await accept(id);
    expect((await engine.load(id)).deadlines?.decide?.status).toBe('met');
    expect(await breachesAt('2025-10-20T00:00:00Z')).toEqual([]);
    expect(chinaMarketRegulationRules).toBe(samrComplaintRules);
  });

  test('art. 21: mediation runs 45 working days from acceptance', async () => {
    // This calendar has one holiday, Mon 6 April 2026. Accepted Mon 2 March 2026: working days
    // after it: 3–6 March 4, then 9 Mar – 3 Apr four weeks 24, 7–10 Apr 28, 13 Apr – 1 May three
    // weeks 43, Mon 4 May 44, Tue 5 May 45 → 17:00 = 09:00Z.
    const cal = businessCalendar({ timeZone: 'Asia/Shanghai', holidays: ['2026-04-06'] });
    const { engine, receive, at, accept, breachesAt } = presetEngine(cal, samrComplaintRules, '2026-02-27T02:00:00Z');
    const id = await receive();
    expect((await engine.load(id)).deadlines?.resolve).toBeUndefined();
    at('2026-03-02T02:00:00Z');
    await accept(id);
    expect((await engine.load(id)).deadlines?.resolve).toMatchObject({
      startedAt: '2026-03-02T02:00:00.000Z',
      dueAt: '2026-05-05T09:00:00.000Z',
      escalate: true,
    });
    expect(await breachesAt('2026-05-05T09:00:00Z')).toEqual([]);
    expect(await breachesAt('2026-05-05T09:00:01Z')).toEqual(['resolve']);
  });
});
