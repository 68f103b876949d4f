/**
 * Core figures: `execute.memory` (commands/s through the engine on the memory
 * store) and `replay.memory` (events/s folded through the derived transition
 * table), with XState's own `transition()` replay of the same log as baseline.
 */
import { initialTransition, transition } from 'xstate';
import { complaintMachine } from '@redress/core/machine';
import {
  createEngine,
  memoryStore,
  replay,
  sequentialIds,
  type Actor,
  type Engine,
  type StoredEvent,
} from '@redress/core';
import { bestOf, type Report } from './report';

const agent: Actor = { id: 'agent-1', role: 'agent' };
const handler: Actor = { id: 'handler-1', role: 'handler' };
const dept: Actor = { id: 'qc-1', role: 'department', department: 'quality-control' };
const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };

/** One complaint through every stage, with one refusal and some notes: 17 commands, 18 events. */
const lifecycle = async (engine: Engine) => {
  const { complaintId } = await engine.execute({
    type: 'receive',
    actor: agent,
    channel: 'phone',
    category: 'quality',
    complainant: { name: '王芳', phone: '+86 138 0000 0000' },
    summary: 'Kettle leaks after two days',
  });
  const run = (cmd: Record<string, unknown>) => engine.execute({ complaintId, ...cmd } as never);
  await run({ type: 'accept', actor: handler, department: 'quality-control', priority: 'high' });
  await run({ type: 'addNote', actor: handler, text: 'Customer called again' });
  await run({ type: 'recordInvestigation', actor: dept, rootCause: 'Seal', responsibleParty: 'supplier' });
  const p1 = await run({ type: 'proposeRemedy', actor: dept, remedy: { description: 'Repair' } });
  await run({ type: 'approveRemedy', actor: supervisor, proposalId: p1.proposalId });
  await run({ type: 'implementRemedy', actor: dept, actionsTaken: 'Repaired' });
  await run({ type: 'recordCustomerResponse', actor: agent, accepted: false });
  await run({ type: 'escalate', actor: agent, reason: 'Customer unhappy' });
  const p2 = await run({ type: 'proposeRemedy', actor: dept, remedy: { description: 'Replace' } });
  await run({ type: 'approveRemedy', actor: supervisor, proposalId: p2.proposalId });
  await run({ type: 'implementRemedy', actor: dept, actionsTaken: 'Replaced' });
  await run({ type: 'addNote', actor: agent, text: 'Delivered' });
  await run({ type: 'recordCustomerResponse', actor: agent, accepted: true });
  await run({ type: 'addNote', actor: supervisor, text: 'Ready for review' });
  await run({ type: 'review', actor: supervisor, summary: 'Done', classification: 'product-defect' });
  await run({ type: 'recordFollowUp', actor: agent, satisfaction: 4 });
  return complaintId;
};
const COMMANDS_PER_LIFECYCLE = 17;

export default async (report: Report) => {
  // execute.memory: commands per second through the whole engine path.
  const complaints = 600;
  let ms = await bestOf(3, async () => {
    const engine = createEngine({ store: memoryStore(), ids: sequentialIds() });
    for (let i = 0; i < complaints; i++) await lifecycle(engine);
  });
  report({ name: 'execute.memory', unit: 'commands/s', value: (complaints * COMMANDS_PER_LIFECYCLE) / (ms / 1000) });

  // A log to replay: many complaints, each a full lifecycle.
  const store = memoryStore();
  const engine = createEngine({ store, ids: sequentialIds() });
  const ids: string[] = [];
  for (let i = 0; i < 3000; i++) ids.push(await lifecycle(engine));
  const streams: StoredEvent[][] = [];
  for (const id of ids) streams.push(await engine.history(id));
  const total = streams.reduce((n, s) => n + s.length, 0);

  // Ours: read each stream from the store and fold it through the table.
  ms = await bestOf(5, async () => {
    for (const id of ids) await replay(store.readStream(id));
  });
  const ours = total / (ms / 1000);

  // Baseline: the same events, one XState transition() each.
  const baseMs = await bestOf(3, () => {
    for (const events of streams) {
      let [snapshot] = initialTransition(complaintMachine);
      for (const event of events) [snapshot] = transition(complaintMachine, snapshot, { type: event.type, event });
    }
  });
  const base = total / (baseMs / 1000);
  report({
    name: 'replay.memory',
    unit: 'events/s',
    value: ours,
    baseline: 'xstate.transition',
    baselineValue: base,
    ratio: ours / base,
  });
};
