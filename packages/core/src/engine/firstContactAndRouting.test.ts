import { describe, expect, test } from 'vitest';
import {
  businessCalendar,
  createEngine,
  deadlinePolicy,
  definePolicy,
  ukFcaDispRules,
  isRedressError,
  memoryStore,
  sequentialIds,
  type Command,
  type Policy,
} from '../index';

const agent = { id: 'agent-1', role: 'agent' };
const handler = { id: 'handler-1', role: 'handler' };
const supervisor = { id: 'sup-1', role: 'supervisor' };

const firstContact = definePolicy({
  firstContact: { categories: ['delivery', 'usage'], priorities: ['low', 'normal'] },
});

const received = async (policy: Policy, category = 'delivery', channel: 'web' | 'regulator' = 'web') => {
  const store = memoryStore();
  const engine = createEngine({ store, ids: sequentialIds(), policy });
  await engine.execute({
    type: 'receive',
    complaintId: 'C-1',
    actor: agent,
    channel,
    category,
    complainant: { name: 'A' },
    summary: 'Parcel missing',
  });
  const refusal = async (cmd: Command) => {
    const before = store.size;
    const e = await engine.execute(cmd).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(store.size).toBe(before);
    return e;
  };
  return { engine, refusal };
};

const resolve = (priority: 'low' | 'high' = 'low'): Command => ({
  type: 'resolveAtFirstContact',
  complaintId: 'C-1',
  actor: agent,
  resolution: 'Re-sent the parcel by courier',
  priority,
  outcome: 'upheld',
});

describe('first-contact resolution', () => {
  test('the agent settles it right after intake; review and follow-up still follow', async () => {
    const { engine } = await received(firstContact);
    const { complaint } = await engine.execute(resolve());
    expect(complaint.stage).toBe('implemented');
    expect(complaint.firstContact).toMatchObject({ resolution: 'Re-sent the parcel by courier', outcome: 'upheld' });
    expect(complaint.priority).toBe('low');
    expect(engine.allowedCommands(complaint, supervisor)).toContain('review');
    const reviewed = await engine.execute({
      type: 'review',
      complaintId: 'C-1',
      actor: supervisor,
      summary: 'Courier lost it',
      classification: 'courier-loss',
      outcome: 'upheld',
    });
    expect(reviewed.complaint.stage).toBe('reviewed');
    expect(reviewed.complaint.review?.outcome).toBe('upheld');
    const done = await engine.execute({ type: 'recordFollowUp', complaintId: 'C-1', actor: agent, satisfaction: 5 });
    expect(done.complaint.followUp?.satisfaction).toBe(5);
    expect((await engine.verify('C-1')).ok).toBe(true);
  });

  test('a category or priority the policy does not name is refused with the rule’s message', async () => {
    const other = await received(firstContact, 'quality');
    const e = await other.refusal(resolve());
    expect(isRedressError(e, 'NOT_ALLOWED') && e.details?.rule).toBe('first-contact-resolution');
    expect((e as Error).message).toContain('complaints of category "quality" may not be resolved at first contact');
    expect(other.engine.allowedCommands(await other.engine.load('C-1'), agent)).not.toContain('resolveAtFirstContact');

    const urgent = await received(firstContact);
    expect(((await urgent.refusal(resolve('high'))) as Error).message).toContain('priority "high"');
    expect(urgent.engine.allowedCommands(await urgent.engine.load('C-1'), agent)).toContain('resolveAtFirstContact');
  });

  test('the default policy allows no first-contact resolution', async () => {
    const { engine, refusal } = await received(definePolicy());
    expect(isRedressError(await refusal(resolve()), 'NOT_ALLOWED')).toBe(true);
    expect(engine.allowedCommands(await engine.load('C-1'), agent)).not.toContain('resolveAtFirstContact');
  });

  test('only at intake: once accepted, the complaint runs the whole procedure', async () => {
    const { engine, refusal } = await received(firstContact);
    await engine.execute({
      type: 'accept',
      complaintId: 'C-1',
      actor: handler,
      department: 'logistics',
      priority: 'low',
    });
    const late = await refusal(resolve());
    expect(isRedressError(late, 'NOT_ALLOWED')).toBe(true);
    // The lifecycle says why, by the stage, rather than the first-contact rule by category.
    expect((late as Error).message).toMatch(/is in stage "judged"; allowed now: reassign/);
    expect(isRedressError(late, 'NOT_ALLOWED') && late.details?.rule).toBeUndefined();
  });
});

describe('first-contact resolution at intake: receive with resolvedAtFirstContact', () => {
  const intake = (category: string, priority: 'low' | 'high' = 'low'): Command => ({
    type: 'receive',
    complaintId: 'C-1',
    actor: agent,
    channel: 'phone',
    category,
    complainant: { name: 'A' },
    summary: 'Parcel missing',
    resolvedAtFirstContact: { resolution: 'Re-sent the parcel by courier', priority, outcome: 'upheld' },
  });

  test('records receipt, acknowledgement and resolution in one append, as the two commands would', async () => {
    const store = memoryStore();
    const engine = createEngine({ store, ids: sequentialIds(), policy: firstContact });
    const { complaint, events } = await engine.execute(intake('delivery'));
    expect(events.map((e) => e.type)).toEqual(['ComplaintReceived', 'ComplaintAcknowledged', 'ResolvedAtFirstContact']);
    expect(events.at(-1)?.version).toBe(3);
    expect(events[0]?.data).not.toHaveProperty('resolvedAtFirstContact');
    expect(complaint.stage).toBe('implemented');
    expect(complaint.firstContact).toMatchObject({ resolution: 'Re-sent the parcel by courier', outcome: 'upheld' });

    const twoSteps = await received(firstContact);
    const after = (await twoSteps.engine.execute(resolve())).complaint;
    for (const key of ['stage', 'status', 'priority', 'category'] as const)
      expect(complaint[key], key).toEqual(after[key]);
    // The same resolution; only the moment it was recorded differs.
    expect({ ...complaint.firstContact, at: '' }).toEqual({ ...after.firstContact, at: '' });
    expect((await engine.verify('C-1')).ok).toBe(true);
  });

  test('the deadline clocks stand as they would after the resolution right after intake', async () => {
    const clock = () => new Date('2026-01-09T03:00:00Z');
    const cases = [
      // Rules that name no answers: the resolution answers both clocks.
      {
        rules: { decide: { within: { calendarDays: 15 } }, resolve: { within: { calendarDays: 30 } } },
        timeZone: 'Asia/Shanghai',
        met: true,
      },
      // FCA DISP: only a summary resolution communication (respond) answers them.
      { rules: ukFcaDispRules, timeZone: 'Europe/London', met: false },
    ];
    for (const { rules, timeZone, met } of cases) {
      const deadlines = deadlinePolicy({ calendar: businessCalendar({ timeZone }), rules });
      const setup = { ids: sequentialIds(), policy: firstContact, deadlines, clock };
      const atIntake = (await createEngine({ store: memoryStore(), ...setup }).execute(intake('delivery'))).complaint;
      const after = createEngine({ store: memoryStore(), ...setup, ids: sequentialIds() });
      const { resolvedAtFirstContact: _, ...plain } = intake('delivery') as Extract<Command, { type: 'receive' }>;
      await after.execute(plain);
      const twoSteps = (await after.execute(resolve())).complaint;
      expect(atIntake.deadlines?.decide?.status, timeZone).toBe(met ? 'met' : 'running');
      expect(atIntake.deadlines?.resolve?.status, timeZone).toBe(met ? 'met' : 'running');
      expect(atIntake.deadlines, timeZone).toEqual(twoSteps.deadlines);
    }
  });

  test('what the rules or roles refuse right after intake is refused at intake, and nothing is appended', async () => {
    const cases: [Policy, Command, string, RegExp][] = [
      [firstContact, intake('quality'), 'NOT_ALLOWED', /Cannot resolveAtFirstContact.*category "quality"/],
      [firstContact, intake('delivery', 'high'), 'NOT_ALLOWED', /priority "high"/],
      [definePolicy(), intake('delivery'), 'NOT_ALLOWED', /allows no first-contact resolution/],
      [
        definePolicy({
          firstContact: { categories: ['delivery'], priorities: ['low'] },
          roles: { resolveAtFirstContact: ['supervisor'] },
        }),
        intake('delivery'),
        'FORBIDDEN',
        /role "agent" may not resolveAtFirstContact/,
      ],
    ];
    for (const [policy, cmd, code, message] of cases) {
      const store = memoryStore();
      const engine = createEngine({ store, ids: sequentialIds(), policy });
      const e = await engine.execute(cmd).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(isRedressError(e, code as 'NOT_ALLOWED'), String(e)).toBe(true);
      expect((e as Error).message).toMatch(message);
      expect(store.size).toBe(0);
    }
  });
});

const routed = definePolicy({
  routing: [
    { name: 'regulator referrals', channel: 'regulator', department: 'complaints-office' },
    { name: 'urgent defects', category: 'quality', priority: ['high', 'urgent'], department: 'quality-control' },
    { name: 'defects', category: ['quality', 'safety'], department: 'service' },
  ],
});

describe('routing', () => {
  test('accept without a department takes the first matching rule, and records it', async () => {
    const { engine } = await received(routed, 'quality');
    const { complaint, events } = await engine.execute({
      type: 'accept',
      complaintId: 'C-1',
      actor: handler,
      priority: 'urgent',
    });
    expect(complaint.department).toBe('quality-control');
    expect(events[0]?.data).toMatchObject({
      department: 'quality-control',
      routing: { department: 'quality-control', rule: 'urgent defects' },
    });
  });

  test('priority and channel take part: a normal defect goes elsewhere, a referral to the office', async () => {
    const normal = await received(routed, 'quality');
    const r = await normal.engine.execute({ type: 'accept', complaintId: 'C-1', actor: handler, priority: 'normal' });
    expect(r.complaint.routing).toEqual({ department: 'service', rule: 'defects' });
    const referral = await received(routed, 'quality', 'regulator');
    expect(referral.engine.suggestDepartment(await referral.engine.load('C-1'))).toEqual({
      department: 'complaints-office',
      rule: 'regulator referrals',
    });
  });

  test('the handler may choose otherwise; the suggestion is recorded beside the choice', async () => {
    const { engine } = await received(routed, 'quality');
    expect(engine.suggestDepartment(await engine.load('C-1'), 'high')?.department).toBe('quality-control');
    const { complaint } = await engine.execute({
      type: 'accept',
      complaintId: 'C-1',
      actor: handler,
      department: 'billing',
      priority: 'high',
    });
    expect(complaint.department).toBe('billing');
    expect(complaint.routing).toEqual({ department: 'quality-control', rule: 'urgent defects' });
  });

  test('no matching rule and no department named: VALIDATION that says to name one, nothing appended', async () => {
    const { refusal } = await received(routed, 'billing');
    const e = await refusal({ type: 'accept', complaintId: 'C-1', actor: handler, priority: 'low' });
    expect(isRedressError(e, 'VALIDATION') && e.details?.field).toBe('department');
    expect((e as Error).message).toContain('no routing rule of the policy matches category "billing"');
  });

  test('definePolicy refuses a routing rule without a slug department', () => {
    expect(() => definePolicy({ routing: [{ name: 'x', department: 'Quality Control' }] })).toThrow(
      /department must be a lower-case slug/,
    );
  });
});
