import {
  createEngine,
  verifyEvents,
  type Actor,
  type Engine,
  type OutboxMessage,
  type RecordedEvent,
} from '@redress/core';
import { collect } from '@redress/testing';
import { expect, test } from 'vitest';
import { sqliteStore } from '../sqliteStore';
import { tempFiles } from './tempFile';

const file = tempFiles();
const agent: Actor = { id: 'agent-7', role: 'agent' };
const handler: Actor = { id: 'handler-li', role: 'handler' };
const qc: Actor = { id: 'qc-zhang', role: 'department', department: 'quality-control' };
const supervisor: Actor = { id: 'sup-wang', role: 'supervisor' };

/** One outbox row per event: what a notification policy would write. */
const notify = (events: readonly RecordedEvent[]): OutboxMessage[] =>
  events.map((e) => ({
    id: `n-${e.id}`,
    streamId: e.streamId,
    eventId: e.id,
    channel: 'email',
    payload: { event: e.type, to: 'wang@example.cn' },
  }));

const throughEveryStage = async (engine: Engine) => {
  const { complaintId: id } = await engine.execute({
    type: 'receive',
    actor: agent,
    channel: 'phone',
    category: 'quality',
    complainant: { name: '王芳', phone: '+86 138 0000 0000' },
    summary: '水壶用了两天就漏水 💧',
    desiredRemedy: 'replacement',
  });
  await engine.execute({
    type: 'accept',
    complaintId: id,
    actor: handler,
    department: 'quality-control',
    priority: 'high',
  });
  await engine.execute({
    type: 'recordInvestigation',
    complaintId: id,
    actor: qc,
    rootCause: 'Faulty seal',
    responsibleParty: 'supplier',
  });
  const { proposalId } = await engine.execute({
    type: 'proposeRemedy',
    complaintId: id,
    actor: qc,
    remedy: { description: 'Replace the kettle' },
  });
  await engine.execute({ type: 'approveRemedy', complaintId: id, actor: supervisor, proposalId: proposalId ?? '' });
  await engine.execute({ type: 'implementRemedy', complaintId: id, actor: qc, actionsTaken: 'Shipped a new kettle' });
  await engine.execute({
    type: 'recordCustomerResponse',
    complaintId: id,
    actor: agent,
    accepted: true,
    confirmation: 'signature',
  });
  return id;
};

test('a complaint carried through the procedure is all there when a second store opens the file', async () => {
  const path = file();
  const first = sqliteStore({ path });
  const engine = createEngine({ store: first, outbox: notify });
  const id = await throughEveryStage(engine);
  const before = await engine.load(id);
  const history = await engine.history(id);
  await first.checkpoints.set('stats', history.at(-1)!.position);
  await first.close();

  const second = sqliteStore({ path });
  const again = createEngine({ store: second, outbox: notify });
  const reloaded = await again.load(id);
  expect(reloaded).toEqual(before);
  expect(reloaded.stage).toBe('implemented');
  expect(await again.history(id)).toEqual(history);
  expect(await again.verify(id)).toMatchObject({ ok: true, events: history.length });
  expect(await second.checkpoints.get('stats')).toBe(history.at(-1)!.position);
  expect((await second.outbox.list({ streamId: id })).map((r) => r.eventId)).toEqual(history.map((e) => e.id));

  await again.execute({
    type: 'review',
    complaintId: id,
    actor: supervisor,
    summary: 'Seal defect',
    classification: 'product-defect',
  });
  await again.execute({ type: 'recordFollowUp', complaintId: id, actor: agent, satisfaction: 5 });
  const closed = await again.load(id);
  expect(closed.status).toBe('closed');
  expect(closed.version).toBe(history.length + 2);
  expect(await verifyEvents(second.readStream(id))).toMatchObject({ ok: true });
  await second.close();
});

test('two engines on two stores of one file, racing on one complaint: every command lands, the chain holds', async () => {
  const path = file();
  const a = sqliteStore({ path });
  const b = sqliteStore({ path });
  const engineA = createEngine({ store: a, maxAttempts: 50 });
  const engineB = createEngine({ store: b, maxAttempts: 50 });
  const { complaintId } = await engineA.execute({
    type: 'receive',
    actor: agent,
    channel: 'web',
    category: 'service',
    complainant: { name: 'Li Lei' },
    summary: 'Late delivery',
  });
  const notes = Array.from({ length: 30 }, (_, i) => i);
  await Promise.all(
    notes.map((i) =>
      (i % 2 === 0 ? engineA : engineB).execute({ type: 'addNote', complaintId, actor: agent, text: `note ${i}` }),
    ),
  );
  const events = await collect(b.readStream(complaintId));
  const texts = events.filter((e) => e.type === 'NoteAdded').map((e) => (e.data as { text: string }).text);
  expect(texts.sort()).toEqual(notes.map((i) => `note ${i}`).sort());
  expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
  expect(await verifyEvents(events)).toMatchObject({ ok: true, events: events.length });
  await a.close();
  await b.close();
});
