import { describe, expect, test } from 'vitest';
import type { Actor } from '../domain/roles';
import { createEngine } from '../engine/createEngine';
import { sequentialIds } from '../engine/ids';
import { isRedressError } from '../errors/redressError';
import { memoryStore } from '../store/memoryStore';
import { businessCalendar } from '../deadlines/calendar';
import { deadlinePolicy } from '../deadlines/deadlinePolicy';
import { complaintListProjection } from './complaintList';
import { queryComplaints } from './queryComplaints';
import { projectionRunner } from './runner';

const agent: Actor = { id: 'agent-1', role: 'agent' };
const handler: Actor = { id: 'handler-1', role: 'handler' };

const world = async () => {
  let now = new Date('2026-02-02T09:00:00Z');
  const store = memoryStore();
  const engine = createEngine({
    store,
    ids: sequentialIds(),
    clock: () => now,
    deadlines: deadlinePolicy({ calendar: businessCalendar(), rules: { decide: { within: { businessDays: 2 } } } }),
  });
  const receive = async (category: string) =>
    (
      await engine.execute({
        type: 'receive',
        actor: agent,
        channel: 'phone',
        category,
        complainant: { name: 'N' },
        summary: 's',
      })
    ).complaintId;
  const a = await receive('quality');
  now = new Date('2026-02-03T09:00:00Z');
  const b = await receive('billing');
  now = new Date('2026-02-04T09:00:00Z');
  const c = await receive('billing');
  await engine.execute({
    type: 'accept',
    complaintId: b,
    actor: handler,
    department: 'billing',
    priority: 'urgent',
    assignee: 'lin',
  });
  await engine.execute({ type: 'accept', complaintId: c, actor: handler, department: 'billing', priority: 'low' });
  await engine.execute({ type: 'reject', complaintId: a, actor: handler, reason: 'Duplicate' });
  const list = projectionRunner({ store, projection: complaintListProjection() });
  await list.catchUp();
  return { engine, list, a, b, c, at: (iso: string) => (now = new Date(iso)) };
};

describe('complaint list', () => {
  test('rows carry stage, department, assignee, priority and running deadlines', async () => {
    const { list, b } = await world();
    const [row] = queryComplaints(list.state, { assignee: 'lin' });
    expect(row).toMatchObject({ id: b, stage: 'judged', department: 'billing', priority: 'urgent', status: 'open' });
    expect(row?.deadlines).toEqual({});
  });

  test('filters combine; several stages or priorities may be asked for at once', async () => {
    const { list, a, b, c } = await world();
    expect(queryComplaints(list.state, { status: 'closed' }).map((r) => r.id)).toEqual([a]);
    expect(
      queryComplaints(list.state, { department: 'billing', priority: ['low', 'urgent'] }).map((r) => r.id),
    ).toEqual([b, c]);
    expect(
      queryComplaints(list.state, { stage: ['rejected', 'judged'], category: 'billing' }).map((r) => r.id),
    ).toEqual([b, c]);
  });

  test('sorts by priority (undefined last) or time, in either order, and pages', async () => {
    const { list, a, b, c } = await world();
    expect(queryComplaints(list.state, { sort: { by: 'priority', order: 'desc' } }).map((r) => r.id)).toEqual([
      b,
      c,
      a,
    ]);
    expect(queryComplaints(list.state, { sort: { by: 'receivedAt', order: 'desc' } }).map((r) => r.id)).toEqual([
      c,
      b,
      a,
    ]);
    expect(queryComplaints(list.state, { sort: { by: 'receivedAt' }, offset: 1, limit: 1 }).map((r) => r.id)).toEqual([
      b,
    ]);
  });

  test('a breach recorded by tick makes a complaint overdue; `now` flags passed deadlines before tick runs', async () => {
    let now = new Date('2026-02-02T09:00:00Z');
    const store = memoryStore();
    const engine = createEngine({
      store,
      clock: () => now,
      deadlines: deadlinePolicy({ calendar: businessCalendar(), rules: { decide: { within: { businessDays: 1 } } } }),
    });
    const { complaintId } = await engine.execute({
      type: 'receive',
      actor: agent,
      channel: 'phone',
      category: 'q',
      complainant: { name: 'N' },
      summary: 's',
    });
    const list = projectionRunner({ store, projection: complaintListProjection() });
    await list.catchUp();
    const [row] = queryComplaints(list.state);
    expect(row?.nextDueAt).toBe('2026-02-03T17:00:00.000Z');
    expect(queryComplaints(list.state, { overdue: true })).toEqual([]);
    expect(
      queryComplaints(list.state, { overdue: true, now: new Date('2026-02-04T00:00:00Z') }).map((r) => r.id),
    ).toEqual([complaintId]);
    now = new Date('2026-02-04T00:00:00Z');
    await engine.tick();
    await list.catchUp();
    expect(queryComplaints(list.state, { overdue: true }).map((r) => r.id)).toEqual([complaintId]);
  });

  test('a bad page is a VALIDATION error', async () => {
    const { list } = await world();
    let error: unknown;
    try {
      queryComplaints(list.state, { limit: -1 });
    } catch (e) {
      error = e;
    }
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
  });
});
