import { readFileSync } from 'node:fs';
import {
  businessCalendar,
  createEngine,
  deadlinePolicy,
  memoryStore,
  projectionRunner,
  sequentialIds,
} from '@redress/core';
import { describe, expect, test } from 'vitest';
import { agent, handler } from './people';
import { runQuickstart } from './quickstart';
import { readModels } from './readModels';
import { workloadProjection } from './workload';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** The quickstart's three stories, then three complaints left open in the service department. */
const world = async () => {
  const store = memoryStore();
  const engine = createEngine({
    store,
    ids: sequentialIds(),
    clock: () => new Date('2026-02-02T09:00:00Z'),
    deadlines: deadlinePolicy({ calendar: businessCalendar(), rules: { resolve: { within: { calendarDays: 7 } } } }),
  });
  await runQuickstart(engine);
  const open = [];
  for (const summary of ['No refund yet', 'Engineer did not come', 'Wrong invoice']) {
    const received = await engine.execute({
      type: 'receive',
      actor: agent,
      channel: 'phone',
      category: 'service',
      complainant: { name: 'N' },
      summary,
    });
    open.push(received.complaintId);
  }
  const [moved, urgent, low] = open as [string, string, string];
  await engine.execute({
    type: 'accept',
    complaintId: moved,
    actor: handler,
    department: 'quality-control',
    priority: 'high',
  });
  await engine.execute({ type: 'reassign', complaintId: moved, actor: handler, department: 'service' });
  await engine.execute({
    type: 'accept',
    complaintId: urgent,
    actor: handler,
    department: 'service',
    priority: 'urgent',
  });
  await engine.execute({ type: 'escalate', complaintId: urgent, actor: agent, reason: 'Third call' });
  await engine.execute({ type: 'accept', complaintId: low, actor: handler, department: 'service', priority: 'low' });
  return { store, engine, moved, urgent, low };
};

describe('read models', () => {
  test('the list, the statistics and the workload board follow the same log', async () => {
    const { store, moved, urgent, low } = await world();
    const { list, late, totals, serviceBoard } = await readModels(store, new Date('2026-03-01T00:00:00Z'));
    await list.stop();
    expect(late.map((r) => r.id)).toEqual([moved, urgent]);
    expect(totals.received).toBe(6);
    expect(serviceBoard).toEqual({
      [moved]: { priority: 'high', escalations: 0 },
      [urgent]: { priority: 'urgent', escalations: 1 },
      [low]: { priority: 'low', escalations: 0 },
    });
    expect(Object.isFrozen(serviceBoard)).toBe(true);
  });

  test('a board no event touched stays the very same object, so a UI can tell by reference what changed', async () => {
    const { store, engine, moved, urgent, low } = await world();
    const workload = projectionRunner({ store, projection: workloadProjection });
    await workload.catchUp();
    const service = workload.state.boards.service;
    const { complaintId } = await engine.execute({
      type: 'receive',
      actor: agent,
      channel: 'web',
      category: 'quality',
      complainant: { name: 'N' },
      summary: 's',
    });
    await engine.execute({
      type: 'accept',
      complaintId,
      actor: handler,
      department: 'quality-control',
      priority: 'normal',
    });
    await workload.catchUp();
    expect(workload.state.boards.service).toBe(service);
    expect(workload.state.boards['quality-control']).toEqual({ [complaintId]: { priority: 'normal', escalations: 0 } });
    await engine.execute({ type: 'withdraw', complaintId: low, actor: agent });
    await workload.catchUp();
    expect(Object.keys(workload.state.boards.service ?? {})).toEqual([moved, urgent]);
    expect(workload.state.boards.service?.[urgent]).toBe(service?.[urgent]);
  });

  test('every TypeScript block of docs/projections.md is code from this example', () => {
    const doc = read('../../../docs/projections.md');
    const sources = ['./readModels.ts', './workload.ts'].map(read).join('\n');
    const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => (m[1] as string).trimEnd());
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const block of blocks) expect(sources, block.slice(0, 60)).toContain(block);
  });
});
