import {
  businessCalendar,
  createEngine,
  deadlinePolicy,
  sequentialIds,
  type Actor,
  type Engine,
  type EventStore,
} from '@redress/core';

const agent: Actor = { id: 'agent-7', role: 'agent' };
const handler: Actor = { id: 'handler-2', role: 'handler' };
const qc: Actor = { id: 'qc-1', role: 'department', department: 'quality-control' };
const sup: Actor = { id: 'sup-1', role: 'supervisor' };
const sup2: Actor = { id: 'sup-2', role: 'supervisor' };

/** A clock that moves one hour a call, from a fixed start. */
export const steppingClock = (start = '2026-03-02T08:00:00Z', stepMs = 3_600_000) => {
  let t = Date.parse(start) - stepMs;
  return () => new Date((t += stepMs));
};

/** One complaint through the whole lifecycle (with a refusal and two approvers), one rejected, one withdrawn. */
export const seedComplaints = async (
  store: EventStore,
  options: { outbox?: boolean } = {},
): Promise<{ engine: Engine; ids: string[] }> => {
  const engine = createEngine({
    store,
    clock: steppingClock(),
    ids: sequentialIds(),
    deadlines: deadlinePolicy({
      calendar: businessCalendar({ timeZone: 'UTC' }),
      rules: {
        acknowledge: { within: { hours: 1 } },
        decide: { within: { hours: 4 } },
        resolve: { within: { hours: 3 }, from: 'accepted' },
      },
    }),
    ...(options.outbox
      ? {
          outbox: (events) =>
            events
              .filter((e) => e.type === 'ComplaintAcknowledged' || e.type === 'RemedyImplemented')
              .map((e) => ({
                id: `msg-${e.id}`,
                streamId: e.streamId,
                eventId: e.id,
                channel: 'email',
                payload: { rule: e.type, to: { id: 'customer' } },
              })),
        }
      : {}),
  });
  const receive = (summary: string) =>
    engine.execute({
      type: 'receive',
      actor: agent,
      channel: 'phone',
      category: 'quality',
      complainant: { name: 'Wang Fang', phone: '+86 138 0000 0000' },
      summary,
    });
  const a = (await receive('Kettle leaks after two days')).complaintId;
  await engine.execute({
    type: 'accept',
    complaintId: a,
    actor: handler,
    department: 'quality-control',
    priority: 'high',
  });
  await engine.execute({
    type: 'recordInvestigation',
    complaintId: a,
    actor: qc,
    rootCause: 'Faulty seal',
    responsibleParty: 'supplier',
  });
  const p1 = (
    await engine.execute({
      type: 'proposeRemedy',
      complaintId: a,
      actor: qc,
      remedy: { description: 'Repair the kettle' },
    })
  ).proposalId as string;
  await engine.execute({ type: 'approveRemedy', complaintId: a, actor: sup, proposalId: p1 });
  await engine.execute({ type: 'implementRemedy', complaintId: a, actor: qc, actionsTaken: 'Repaired' });
  await engine.execute({
    type: 'recordCustomerResponse',
    complaintId: a,
    actor: agent,
    accepted: false,
    comment: 'Wants a new one',
  });
  const p2 = (
    await engine.execute({
      type: 'proposeRemedy',
      complaintId: a,
      actor: qc,
      remedy: { description: 'Replace the kettle' },
    })
  ).proposalId as string;
  await engine.execute({ type: 'approveRemedy', complaintId: a, actor: sup2, proposalId: p2 });
  await engine.execute({ type: 'implementRemedy', complaintId: a, actor: qc, actionsTaken: 'Shipped a new kettle' });
  await engine.execute({
    type: 'recordCustomerResponse',
    complaintId: a,
    actor: agent,
    accepted: true,
    confirmation: 'signature',
  });
  await engine.execute({
    type: 'review',
    complaintId: a,
    actor: sup,
    summary: 'Seal supplier changed',
    classification: 'product-defect',
  });
  await engine.execute({ type: 'recordFollowUp', complaintId: a, actor: agent, satisfaction: 4 });
  const b = (await receive('Rude staff on the phone')).complaintId;
  await engine.execute({ type: 'reject', complaintId: b, actor: handler, reason: 'No record of the call' });
  const c = (await receive('Late delivery')).complaintId;
  await engine.execute({ type: 'withdraw', complaintId: c, actor: agent, reason: 'Parcel arrived' });
  return { engine, ids: [a, b, c] };
};
