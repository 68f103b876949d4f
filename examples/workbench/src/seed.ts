import type { Actor, Engine } from '@redress/core';
import { STAFF } from './staff';

const who = (id: string): Actor => {
  const found = STAFF.find((s) => s.actor.id === id);
  if (found === undefined) throw new Error(`no demo staff ${id}`);
  return found.actor;
};
const agent = who('agent-7');
const handler = who('handler-li');
const qc = who('qc-zhang');
const service = who('svc-chen');

/**
 * Fill the demo with a few complaints, so the queue is not empty: one just received, one accepted,
 * one investigated with a remedy waiting for the supervisor, and (received a day and more before
 * `now` through `backdate`) one whose decision deadline has passed, so the next tick marks it red.
 * Returns the ids made.
 */
export const seed = async (engine: Engine, backdate: (ms: number) => void): Promise<string[]> => {
  const ids: string[] = [];
  const receive = async (category: string, summary: string, name: string, phone: string) => {
    const { complaintId } = await engine.execute({
      type: 'receive',
      actor: agent,
      channel: 'phone',
      category,
      complainant: { name, phone },
      summary,
    });
    ids.push(complaintId);
    return complaintId;
  };
  backdate(30 * 3_600_000);
  await receive('delivery', 'Parcel left in the rain, contents soaked', '赵敏', '+86 139 0000 1111');
  backdate(20 * 3_600_000);
  await receive('billing', 'Charged twice for one order', 'Maria Rossi', '+39 06 1234 5678');
  backdate(0);
  await receive('quality', '电热水壶使用两天后漏水', '王芳', '+86 138 0000 0000');
  const accepted = await receive('service', 'Rude staff at the Xuhui store', '李雷', '+86 137 0000 2222');
  await engine.execute({
    type: 'accept',
    complaintId: accepted,
    actor: handler,
    department: 'service',
    priority: 'normal',
  });
  const proposed = await receive('quality', 'Blender blade broke on first use', 'John Smith', '+44 20 7946 0000');
  await engine.execute({
    type: 'accept',
    complaintId: proposed,
    actor: handler,
    department: 'quality-control',
    priority: 'high',
  });
  await engine.execute({
    type: 'recordInvestigation',
    complaintId: proposed,
    actor: qc,
    rootCause: 'Blade batch 2026-11 hardened badly',
    responsibleParty: 'supplier',
  });
  await engine.execute({
    type: 'proposeRemedy',
    complaintId: proposed,
    actor: qc,
    remedy: { description: 'Replace the blender', compensation: { amount: 100, currency: 'CNY' } },
  });
  await engine.execute({ type: 'addNote', complaintId: accepted, actor: service, text: 'Store manager called' });
  await engine.tick();
  return ids;
};
