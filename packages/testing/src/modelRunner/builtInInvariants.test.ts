import { describe, expect, test } from 'vitest';
import {
  createEngine,
  defaultPolicy,
  GENESIS_HASH,
  hashEvent,
  memoryStore,
  sequentialIds,
  type StoredEvent,
} from '@redress/core';
import {
  hashesChain,
  implementedOnlyWhenApproved,
  nothingAfterFinal,
  replayEqualsLive,
  reviewedOnlyAfterAcceptance,
  versionsContiguous,
  builtInInvariants,
} from './builtInInvariants';
import { evaluate, type ComplaintLog, type Invariant } from './invariant';

const agent = { id: 'a-1', role: 'agent' };
const handler = { id: 'h-1', role: 'handler' };
const qc = { id: 'd-1', role: 'department', department: 'qc' };
const sup = { id: 's-1', role: 'supervisor' };

/** A complete, legal lifecycle: received → … → reviewed → follow-up. */
const fullLog = async (): Promise<ComplaintLog> => {
  let t = Date.parse('2026-03-02T08:00:00Z');
  // In clear, so a doctored copy of the log is re-hashed as it reads (the runner reveals an encrypted one).
  const engine = createEngine({
    store: memoryStore(),
    clock: () => new Date((t += 3_600_000)),
    ids: sequentialIds(),
    privacy: 'plaintext',
  });
  const { complaintId } = await engine.execute({
    type: 'receive',
    actor: agent,
    channel: 'phone',
    category: 'quality',
    complainant: { name: 'W' },
    summary: 'Leaks',
  });
  const on = { complaintId };
  await engine.execute({ type: 'accept', ...on, actor: handler, department: 'qc', priority: 'high' });
  await engine.execute({
    type: 'recordInvestigation',
    ...on,
    actor: qc,
    rootCause: 'Seal',
    responsibleParty: 'supplier',
  });
  const { proposalId } = await engine.execute({
    type: 'proposeRemedy',
    ...on,
    actor: qc,
    remedy: { description: 'Replace' },
  });
  await engine.execute({ type: 'approveRemedy', ...on, actor: sup, proposalId: proposalId as string });
  await engine.execute({ type: 'implementRemedy', ...on, actor: qc, actionsTaken: 'Shipped' });
  await engine.execute({ type: 'recordCustomerResponse', ...on, actor: agent, accepted: true });
  await engine.execute({ type: 'review', ...on, actor: sup, summary: 'Done', classification: 'product-defect' });
  await engine.execute({ type: 'recordFollowUp', ...on, actor: agent, satisfaction: 5 });
  return {
    complaintId,
    events: await engine.history(complaintId),
    live: await engine.load(complaintId),
    policy: defaultPolicy,
  };
};

/** Renumber and re-hash a doctored log so only the rule under test can object to it. */
const rechain = (events: readonly StoredEvent[]): StoredEvent[] => {
  let prevHash = GENESIS_HASH;
  return events.map((e, i) => {
    const next = { ...e, version: i + 1, position: i + 1, prevHash };
    const hashed = { ...next, hash: hashEvent(next) } as StoredEvent;
    prevHash = hashed.hash;
    return hashed;
  });
};

const without = (events: readonly StoredEvent[], type: string) => rechain(events.filter((e) => e.type !== type));
const broken = async (inv: Invariant, log: ComplaintLog) => expect(await evaluate(inv, log)).toBeTypeOf('string');

describe('built-in invariants', () => {
  test('a legal, complete lifecycle keeps every one of them', async () => {
    const log = await fullLog();
    for (const inv of builtInInvariants) expect(await evaluate(inv, log), inv.name).toBeUndefined();
  });

  test('versions contiguous: a missing event is found', async () => {
    const log = await fullLog();
    await broken(versionsContiguous, { ...log, events: log.events.filter((e) => e.version !== 3) });
  });

  test('hashes chain: a changed event is found', async () => {
    const log = await fullLog();
    const events = log.events.map((e) =>
      e.version === 4 ? ({ ...e, data: { ...e.data, rootCause: 'Other' } } as StoredEvent) : e,
    );
    expect(await evaluate(hashesChain, { ...log, events })).toContain('v4');
  });

  test('replay equals live state: a drifting live state and an illegal log are both found', async () => {
    const log = await fullLog();
    expect(await evaluate(replayEqualsLive, { ...log, live: { ...log.live, notes: 3 } })).toContain('notes');
    expect(await evaluate(replayEqualsLive, { ...log, events: without(log.events, 'RemedyApproved') })).toContain(
      'not legal',
    );
  });

  test('remedy implemented only after approval: missing and too few approvals are found', async () => {
    const log = await fullLog();
    expect(
      await evaluate(implementedOnlyWhenApproved, { ...log, events: without(log.events, 'RemedyApproved') }),
    ).toContain('none is approved');
    const needTwo = rechain(
      log.events.map((e) =>
        e.type === 'RemedyProposed' ? ({ ...e, data: { ...e.data, approvalsRequired: 2 } } as StoredEvent) : e,
      ),
    );
    expect(await evaluate(implementedOnlyWhenApproved, { ...log, events: needTwo })).toContain('1 of 2 approvers');
  });

  test('review only after customer acceptance: a review without it is found', async () => {
    const log = await fullLog();
    await broken(reviewedOnlyAfterAcceptance, { ...log, events: without(log.events, 'CustomerResponded') });
  });

  test('no event after a final stage: a second follow-up and a note after review are found', async () => {
    const log = await fullLog();
    const last = log.events.at(-1) as StoredEvent;
    await broken(nothingAfterFinal, { ...log, events: rechain([...log.events, last]) });
    await broken(nothingAfterFinal, {
      ...log,
      events: rechain([...log.events, { ...last, type: 'NoteAdded', data: { text: 'x' } } as StoredEvent]),
    });
  });
});
