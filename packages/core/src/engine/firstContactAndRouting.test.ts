import { describe, expect, test } from 'vitest';
import {
  createEngine,
  definePolicy,
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
    expect(isRedressError(await refusal(resolve()), 'NOT_ALLOWED')).toBe(true);
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
