import { describe, expect, it } from 'vitest';
import { exampleActors as a, exampleLifecycle } from '@redress/testing';
import {
  createEngine,
  isRedressError,
  memoryStore,
  sequentialIds,
  type Command,
  type EventStore,
  type RedressError,
  type RedressErrorCode,
} from '../index';

const setup = async (steps = 0) => {
  const store = memoryStore();
  let t = Date.parse('2026-01-05T09:00:00.000Z');
  const engine = createEngine({ store, clock: () => new Date((t += 60_000)), ids: sequentialIds() });
  for (const cmd of exampleLifecycle('C-1').slice(0, steps)) await engine.execute(cmd);
  /** Run `cmd`, expect `code`, and check that the store holds exactly what it held before. */
  const refused = async (cmd: Command, code: RedressErrorCode): Promise<RedressError> => {
    const size = store.size;
    const before = size === 0 ? [] : await engine.history('C-1');
    const error = await engine.execute(cmd).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isRedressError(error, code)) throw new Error(`expected ${code}, got ${String(error)}`);
    expect(store.size).toBe(size);
    if (size > 0) expect(await engine.history('C-1')).toEqual(before);
    return error;
  };
  return { store, engine, refused };
};

describe('NOT_ALLOWED: a command the stage does not allow', () => {
  it('names the stage and the allowed commands, in the message and in the details', async () => {
    const { refused } = await setup(3); // investigated
    const e = await refused(
      { type: 'approveRemedy', complaintId: 'C-1', actor: a.supervisor, proposalId: 'P1' },
      'NOT_ALLOWED',
    );
    expect(e.message).toContain('Cannot approveRemedy');
    expect(e.message).toContain('stage "investigated"');
    expect(e.message).toMatch(/allowed now: .*proposeRemedy/);
    expect(e.details).toMatchObject({ command: 'approveRemedy', stage: 'investigated' });
    const allowed = (e.details as { allowed: string[] }).allowed;
    expect(allowed).toEqual(expect.arrayContaining(['proposeRemedy', 'reassign', 'escalate', 'addNote', 'withdraw']));
    expect(allowed).not.toContain('approveRemedy');
    for (const cmd of allowed) expect(e.message).toContain(cmd);
  });

  it('implementing before any remedy is approved says why', async () => {
    const { refused } = await setup(4); // proposal, P1 proposed
    const e = await refused(
      { type: 'implementRemedy', complaintId: 'C-1', actor: a.department, actionsTaken: 'x' },
      'NOT_ALLOWED',
    );
    expect(e.message).toContain('no remedy has been approved');
  });

  it('a second approval when one is already approved', async () => {
    const { refused } = await setup(5); // P1 approved
    const e = await refused(
      { type: 'approveRemedy', complaintId: 'C-1', actor: a.supervisor, proposalId: 'P1' },
      'NOT_ALLOWED',
    );
    expect(e.message).toMatch(/already approved/);
  });

  it('approving a proposal id that does not exist names the ones waiting', async () => {
    const { refused } = await setup(4);
    const e = await refused(
      { type: 'approveRemedy', complaintId: 'C-1', actor: a.supervisor, proposalId: 'P9' },
      'NOT_ALLOWED',
    );
    expect(e.message).toContain('waiting: P1');
  });

  it('reviewing before the customer accepted', async () => {
    const { refused } = await setup(6); // implemented, no answer yet
    const e = await refused(
      { type: 'review', complaintId: 'C-1', actor: a.supervisor, summary: 's', classification: 'x' },
      'NOT_ALLOWED',
    );
    expect(e.message).toContain('has not accepted');
  });

  it('anything on a closed complaint says only a link to another complaint is allowed', async () => {
    const { engine, refused } = await setup(1);
    await engine.execute({ type: 'reject', complaintId: 'C-1', actor: a.handler, reason: 'Not ours' });
    const e = await refused({ type: 'addNote', complaintId: 'C-1', actor: a.agent, text: 'hello' }, 'NOT_ALLOWED');
    expect(e.message).toContain('stage "rejected"');
    expect(e.message).toContain('allowed now: link');
    expect(e.details).toMatchObject({ stage: 'rejected', allowed: ['link'] });
  });

  it('a second follow-up', async () => {
    const { refused } = await setup(13);
    const e = await refused(
      { type: 'recordFollowUp', complaintId: 'C-1', actor: a.agent, satisfaction: 1 },
      'NOT_ALLOWED',
    );
    expect(e.message).toContain('already been recorded');
  });
});

describe('FORBIDDEN: the actor may not do this', () => {
  it('a role the policy does not name', async () => {
    const { refused } = await setup(1);
    const e = await refused(
      { type: 'accept', complaintId: 'C-1', actor: a.agent, department: 'service', priority: 'low' },
      'FORBIDDEN',
    );
    expect(e.message).toContain('role "agent" may not accept; roles that may: handler, supervisor');
  });

  it('an unknown role', async () => {
    const { refused } = await setup(0);
    const cmd = { ...(exampleLifecycle('C-1')[0] as Command), actor: { id: 'x', role: 'intern' } };
    const e = await refused(cmd, 'FORBIDDEN');
    expect(e.message).toContain('role "intern" may not receive');
  });

  it("department staff on another department's complaint", async () => {
    const { refused } = await setup(2); // judged, assigned to quality-control
    const e = await refused(
      {
        type: 'recordInvestigation',
        complaintId: 'C-1',
        actor: a.otherDepartment,
        rootCause: 'x',
        responsibleParty: 'y',
      },
      'FORBIDDEN',
    );
    expect(e.message).toContain('works for department "service"');
    expect(e.message).toContain('assigned to "quality-control"');
  });
});

describe('NOT_FOUND: an unknown complaint', () => {
  it('execute on an unknown id', async () => {
    const { refused } = await setup(1);
    const e = await refused({ type: 'addNote', complaintId: 'C-404', actor: a.agent, text: 'hi' }, 'NOT_FOUND');
    expect(e.message).toContain('No complaint C-404');
  });

  it('load, history and verify of an unknown id', async () => {
    const { engine } = await setup(1);
    for (const call of [engine.load('C-404'), engine.history('C-404'), engine.verify('C-404')]) {
      await expect(call).rejects.toSatisfy((e) => isRedressError(e, 'NOT_FOUND'));
    }
  });
});

describe('CONFLICT', () => {
  it('a commandId reused for a different command', async () => {
    const { engine, refused } = await setup(1);
    await engine.execute({ type: 'addNote', complaintId: 'C-1', actor: a.agent, text: 'first', commandId: 'k-1' });
    const e = await refused(
      { type: 'escalate', complaintId: 'C-1', actor: a.agent, reason: 'other', commandId: 'k-1' },
      'CONFLICT',
    );
    expect(e.message).toContain('commandId "k-1" was already used');
  });

  it('a commandId reused for the same kind of command with other content', async () => {
    const { engine, refused } = await setup(1);
    await engine.execute({ type: 'addNote', complaintId: 'C-1', actor: a.agent, text: 'first', commandId: 'k-2' });
    const e = await refused(
      { type: 'addNote', complaintId: 'C-1', actor: a.agent, text: 'second', commandId: 'k-2' },
      'CONFLICT',
    );
    expect(e.message).toContain('commandId "k-2" was already used');
  });

  it('a commandId reused by another actor', async () => {
    const { engine, refused } = await setup(1);
    await engine.execute({ type: 'addNote', complaintId: 'C-1', actor: a.agent, text: 'same', commandId: 'k-3' });
    await refused(
      { type: 'addNote', complaintId: 'C-1', actor: a.handler, text: 'same', commandId: 'k-3' },
      'CONFLICT',
    );
  });

  it('receiving a complaint id that exists', async () => {
    const { refused } = await setup(1);
    const e = await refused(exampleLifecycle('C-1')[0] as Command, 'CONFLICT');
    expect(e.message).toContain('already exists');
  });
});

describe('STORE_UNAVAILABLE', () => {
  it('a store that fails an append: the caller is told to retry, nothing is half-written, the retry works', async () => {
    const store = memoryStore();
    let failNext = false;
    const flaky: EventStore = {
      ...store,
      readStream: (id, o) => store.readStream(id, o),
      append: (id, events, o) => {
        if (!failNext) return store.append(id, events, o);
        failNext = false;
        return Promise.reject(new Error('disk full'));
      },
    };
    const engine = createEngine({ store: flaky, ids: sequentialIds() });
    await engine.execute(exampleLifecycle('C-1')[0] as Command);
    failNext = true;
    const note: Command = { type: 'addNote', complaintId: 'C-1', actor: a.agent, text: 'hello' };
    const error = await engine.execute(note).catch((e: unknown) => e);
    expect(isRedressError(error, 'STORE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toContain('disk full');
    expect((error as Error).message).toContain('try again');
    expect(store.size).toBe(2);
    expect((await engine.load('C-1')).notes).toBe(0);
    expect((await engine.execute(note)).complaint).toMatchObject({ notes: 1, version: 3 });
  });
});
