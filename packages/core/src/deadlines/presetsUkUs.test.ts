import { describe, expect, test } from 'vitest';
import { isRedressError } from '../errors/redressError';
import { businessCalendar } from './calendar';
import { handler, presetEngine } from './presetEngine.testkit';
import {
  isSummaryResolution,
  ukFcaDispRules,
  ukFcaPaymentServices,
  ukFcaPaymentServicesRules,
  usCfpbRules,
} from './presets';

// Business hours 09:00–17:00 London time. Easter 2026: Good Friday 3 April and Easter Monday
// 6 April; the early May bank holiday is Monday 4 May.
const london = businessCalendar({ timeZone: 'Europe/London', holidays: ['2026-04-03', '2026-04-06', '2026-05-04'] });

describe('FCA DISP 1.5.1R / 1.5.4R and 1.6.2R: summary resolution by the third business day, else a final response within 8 weeks', () => {
  test('received Friday afternoon: summary resolution until Wednesday close, final response 8 weeks on', async () => {
    // Received Fri 9 January 2026 15:00 GMT. Business days after it: Mon 12 (1), Tue 13 (2),
    // Wed 14 (3) → 17:00 GMT. Eight weeks: day 56 is Fri 6 March, ending at its 24:00.
    const { receive, clock } = presetEngine(london, ukFcaDispRules, '2026-01-09T15:00:00Z');
    const id = await receive();
    expect(await clock(id, 'decide')).toMatchObject({ dueAt: '2026-01-14T17:00:00.000Z', escalate: false });
    expect((await clock(id, 'resolve'))?.dueAt).toBe('2026-03-07T00:00:00.000Z');
  });

  test('the third business day across the switch to summer time closes at 17:00 BST', async () => {
    // Received Thu 26 March 2026: Fri 27 (1), Mon 30 (2), Tue 31 (3); BST from 29 March → 16:00Z.
    const { receive, clock } = presetEngine(london, ukFcaDispRules, '2026-03-26T10:00:00Z');
    expect((await clock(await receive(), 'decide'))?.dueAt).toBe('2026-03-31T16:00:00.000Z');
  });

  test('accepting answers neither clock; a summary resolution communication answers both', async () => {
    const { engine, receive, accept, respond, clock, at } = presetEngine(
      london,
      ukFcaDispRules,
      '2026-01-09T15:00:00Z',
    );
    const id = await receive();
    at('2026-01-12T10:00:00Z');
    await accept(id);
    expect((await clock(id, 'decide'))?.status).toBe('running');
    expect(isSummaryResolution(await engine.load(id), london)).toBe(false);
    await respond(id, 'summary-resolution', { referralRights: true });
    expect((await clock(id, 'decide'))?.status).toBe('met');
    expect((await clock(id, 'resolve'))?.status).toBe('met');
    expect(isSummaryResolution(await engine.load(id), london)).toBe(true);
  });

  test('a final response offering redress on day 2 is in time for the 8 weeks', async () => {
    const { receive, respond, at, breachesAt } = presetEngine(london, ukFcaDispRules, '2026-01-09T15:00:00Z');
    const id = await receive();
    at('2026-01-11T10:00:00Z');
    await respond(id, 'final', { redressOffered: true, referralRights: true });
    // A final response is not a summary resolution: the three-day window passes (no
    // escalation), and the 8 weeks are met.
    expect(await breachesAt('2026-03-08T00:00:00Z')).toEqual(['decide']);
  });

  test('at eight weeks a holding response answers only if it says when and gives the referral rights', async () => {
    for (const [extra, breaches] of [
      [{ expectedBy: '2026-03-20T00:00:00Z', referralRights: true }, ['decide']],
      [{ expectedBy: '2026-03-20T00:00:00Z' }, ['decide', 'resolve']],
      [{ referralRights: true }, ['decide', 'resolve']],
    ] as const) {
      const { receive, respond, at, breachesAt } = presetEngine(london, ukFcaDispRules, '2026-01-09T15:00:00Z');
      const id = await receive();
      at('2026-03-06T12:00:00Z');
      await respond(id, 'holding', extra);
      expect(await breachesAt('2026-03-08T00:00:00Z'), JSON.stringify(extra)).toEqual(breaches);
    }
  });

  test('receipt outside business hours counts from the next business day only when the rule says so', async () => {
    // Received Fri 9 January 2026 18:00 GMT, after close of business. As received: Mon 12,
    // Tue 13, Wed 14 → Wed 17:00. Counted as received Mon 12 09:00: Tue 13, Wed 14, Thu 15 → Thu 17:00.
    const rule = { within: { businessDays: 3 } } as const;
    const asReceived = presetEngine(london, { decide: rule }, '2026-01-09T18:00:00Z');
    expect((await asReceived.clock(await asReceived.receive(), 'decide'))?.dueAt).toBe('2026-01-14T17:00:00.000Z');
    const moved = presetEngine(
      london,
      { decide: { ...rule, receivedOutsideHours: 'nextBusinessDay' } },
      '2026-01-09T18:00:00Z',
    );
    expect(await moved.clock(await moved.receive(), 'decide')).toMatchObject({
      startedAt: '2026-01-12T09:00:00.000Z',
      dueAt: '2026-01-15T17:00:00.000Z',
    });
    // Received Sat 10 January: also Monday 09:00. Received Mon 12 at 16:59: as received.
    const saturday = presetEngine(
      london,
      { decide: { ...rule, receivedOutsideHours: 'nextBusinessDay' } },
      '2026-01-10T11:00:00Z',
    );
    expect((await saturday.clock(await saturday.receive(), 'decide'))?.startedAt).toBe('2026-01-12T09:00:00.000Z');
    const inHours = presetEngine(
      london,
      { decide: { ...rule, receivedOutsideHours: 'nextBusinessDay' } },
      '2026-01-12T16:59:00Z',
    );
    expect((await inHours.clock(await inHours.receive(), 'decide'))?.startedAt).toBe('2026-01-12T16:59:00.000Z');
  });
});

describe('FCA DISP 1.6.2AR: payment services and e-money complaints, 15 business days, 35 with a holding reply', () => {
  // Received Mon 30 March 2026 10:00 BST. Business days after it: Tue 31 (1), Wed 1 Apr (2),
  // Thu 2 (3), [Good Friday 3, Easter Monday 6], Tue 7 (4), Wed 8 (5), Thu 9 (6), Fri 10 (7),
  // Mon 13 (8) … Fri 17 (12), Mon 20 (13), Tue 21 (14), Wed 22 (15) → 17:00 BST = 16:00Z.
  // Then Thu 23 (16), Fri 24 (17), Mon 27 – Fri 1 May (18–22), [Mon 4 May bank holiday],
  // Tue 5 – Fri 8 (23–26), Mon 11 – Fri 15 (27–31), Mon 18 (32), Tue 19 (33), Wed 20 (34),
  // Thu 21 May (35) → 16:00Z.
  const received = '2026-03-30T09:00:00Z';

  test('15 business days over Easter, met by the final response', async () => {
    expect(ukFcaPaymentServices.articles).toContain('DISP 1.6.2AR');
    const { receive, respond, at, clock, breachesAt } = presetEngine(london, ukFcaPaymentServicesRules, received);
    const id = await receive();
    expect((await clock(id, 'resolve'))?.dueAt).toBe('2026-04-22T16:00:00.000Z');
    at('2026-04-22T15:59:00Z');
    await respond(id, 'final', { referralRights: true });
    expect(await breachesAt('2026-06-01T00:00:00Z')).not.toContain('resolve');
  });

  test('a holding reply naming the date moves the limit to 35 business days; it does not answer the clock', async () => {
    const { receive, respond, at, clock, breachesAt } = presetEngine(london, ukFcaPaymentServicesRules, received);
    const id = await receive();
    at('2026-04-20T10:00:00Z');
    await respond(id, 'holding', { expectedBy: '2026-05-20T16:00:00Z' });
    expect(await clock(id, 'resolve')).toMatchObject({ status: 'running', dueAt: '2026-05-21T16:00:00.000Z' });
    expect(await breachesAt('2026-05-21T16:00:00Z')).not.toContain('resolve');
    expect(await breachesAt('2026-05-21T16:00:01Z')).toContain('resolve');
  });

  test('a holding reply without a date, or after the 15 days, moves nothing; a date past 35 days is refused', async () => {
    const undated = presetEngine(london, ukFcaPaymentServicesRules, received);
    const a = await undated.receive();
    undated.at('2026-04-20T10:00:00Z');
    await undated.respond(a, 'holding');
    expect((await undated.clock(a, 'resolve'))?.dueAt).toBe('2026-04-22T16:00:00.000Z');

    const late = presetEngine(london, ukFcaPaymentServicesRules, received);
    const b = await late.receive();
    expect(await late.breachesAt('2026-04-23T10:00:00Z')).toContain('resolve');
    await late.respond(b, 'holding', { expectedBy: '2026-05-20T16:00:00Z' });
    expect((await late.clock(b, 'resolve'))?.dueAt).toBe('2026-04-22T16:00:00.000Z');

    const far = presetEngine(london, ukFcaPaymentServicesRules, received);
    const c = await far.receive();
    const version = (await far.engine.load(c)).version;
    far.at('2026-04-20T10:00:00Z');
    const error = await far.respond(c, 'holding', { expectedBy: '2026-05-22T09:00:00Z' }).catch((e: unknown) => e);
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
    expect((error as Error).message).toContain('2026-05-21T16:00:00.000Z');
    expect((await far.engine.load(c)).version).toBe(version);
  });
});

describe('CFPB company portal: the response within 15 days, the final response within 60', () => {
  const newYork = businessCalendar({ timeZone: 'America/New_York' });

  test('days are counted in New York time, across the switch to daylight saving', async () => {
    // Received Sun 1 March 2026 12:00 EST: day 15 is Mon 16 March, after the switch on 8 March,
    // ending at 24:00 EDT = 04:00Z on the 17th; day 60 is Thu 30 April → 1 May 04:00Z.
    const { receive, clock } = presetEngine(newYork, usCfpbRules, '2026-03-01T17:00:00Z');
    const id = await receive();
    expect((await clock(id, 'decide'))?.dueAt).toBe('2026-03-17T04:00:00.000Z');
    expect((await clock(id, 'resolve'))?.dueAt).toBe('2026-05-01T04:00:00.000Z');
  });

  test('"in progress" (a holding response) is the company response; only a final one ends the 60 days', async () => {
    const { receive, accept, respond, at, clock, breachesAt } = presetEngine(
      newYork,
      usCfpbRules,
      '2026-03-01T17:00:00Z',
    );
    const id = await receive();
    at('2026-03-05T15:00:00Z');
    await accept(id);
    expect((await clock(id, 'decide'))?.status).toBe('running');
    await respond(id, 'holding');
    expect((await clock(id, 'decide'))?.status).toBe('met');
    expect((await clock(id, 'resolve'))?.status).toBe('running');
    expect(await breachesAt('2026-05-01T04:00:01Z')).toEqual(['resolve']);
  });

  test('a rejection answers both', async () => {
    const { engine, receive, at, breachesAt } = presetEngine(newYork, usCfpbRules, '2026-03-01T17:00:00Z');
    const id = await receive();
    at('2026-03-05T15:00:00Z');
    await engine.execute({ type: 'reject', complaintId: id, actor: handler, reason: 'Not our account' });
    expect(await breachesAt('2026-06-01T00:00:00Z')).toEqual([]);
  });
});
