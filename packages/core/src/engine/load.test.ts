import { describe, expect, it } from 'vitest';
import { exampleActors as a, exampleLifecycle } from '@redress/testing';
import {
  createEngine,
  definePolicy,
  isRedressError,
  memoryStore,
  sequentialIds,
  type Command,
  type EngineOptions,
} from '../index';

const start = Date.parse('2026-01-05T09:00:00.000Z');
const minute = 60_000;

const setup = (extra: Partial<EngineOptions> = {}) => {
  const store = memoryStore();
  let t = start;
  // Each command happens one minute after the one before.
  const engine = createEngine({ store, clock: () => new Date((t += minute)), ids: sequentialIds(), ...extra });
  return { store, engine };
};

describe('load at a version and at a time', () => {
  it('atVersion gives the complaint as it was after that event', async () => {
    const { engine } = setup();
    for (const cmd of exampleLifecycle('C-1').slice(0, 4)) await engine.execute(cmd);
    expect((await engine.load('C-1', { atVersion: 1 })).stage).toBe('received');
    expect((await engine.load('C-1', { atVersion: 1 })).acknowledgedAt).toBeUndefined();
    expect((await engine.load('C-1', { atVersion: 2 })).acknowledgedAt).toBeDefined();
    expect(await engine.load('C-1', { atVersion: 3 })).toMatchObject({ stage: 'judged', version: 3 });
    expect(await engine.load('C-1', { atVersion: 5 })).toEqual(await engine.load('C-1'));
  });

  it('at a time gives the complaint as it was then; before it existed is NOT_FOUND', async () => {
    const { engine } = setup();
    for (const cmd of exampleLifecycle('C-1').slice(0, 4)) await engine.execute(cmd);
    // receive at start+1m (2 events), accept at +2m, investigation at +3m, proposal at +4m.
    expect((await engine.load('C-1', { at: new Date(start + 2.5 * minute) })).stage).toBe('judged');
    expect((await engine.load('C-1', { at: new Date(start + 3 * minute) })).stage).toBe('investigated');
    expect((await engine.load('C-1', { at: new Date(start + 99 * minute) })).stage).toBe('proposal');
    await expect(engine.load('C-1', { at: new Date(start) })).rejects.toSatisfy((e) => isRedressError(e, 'NOT_FOUND'));
  });

  it('at a time, with a clock that went backwards (two writers with skewed clocks), stops at the first later event', async () => {
    const times = [
      '2026-01-05T10:00:00.000Z',
      '2026-01-05T10:05:00.000Z',
      '2026-01-05T10:03:00.000Z',
      '2026-01-05T10:06:00.000Z',
    ];
    let n = 0;
    const store = memoryStore();
    const engine = createEngine({
      store,
      clock: () => new Date(times[Math.min(n++, times.length - 1)] as string),
      ids: sequentialIds(),
    });
    for (const cmd of exampleLifecycle('C-1').slice(0, 4)) await engine.execute(cmd);
    // v1+v2 at 10:00, v3 at 10:05, v4 at 10:03: at 10:04 the complaint was as v2 left it.
    const then = await engine.load('C-1', { at: new Date('2026-01-05T10:04:00.000Z') });
    expect(then).toMatchObject({ version: 2, stage: 'received' });
  });

  it('a loaded past state does not disturb the present one', async () => {
    const { engine } = setup();
    for (const cmd of exampleLifecycle('C-1').slice(0, 3)) await engine.execute(cmd);
    await engine.load('C-1', { atVersion: 1 });
    const { complaint } = await engine.execute(exampleLifecycle('C-1')[3] as Command);
    expect(complaint).toMatchObject({ stage: 'proposal', version: 5 });
  });
});

describe('allowedCommands per role', () => {
  it('before a complaint exists only an agent may receive', () => {
    const { engine } = setup();
    expect(engine.allowedCommands(undefined, a.agent)).toEqual(['receive']);
    expect(engine.allowedCommands(undefined, a.handler)).toEqual([]);
  });

  it('in received: each role sees its own commands', async () => {
    const { engine } = setup();
    const { complaint } = await engine.execute(exampleLifecycle('C-1')[0] as Command);
    const agent = engine.allowedCommands(complaint, a.agent);
    expect(agent).toEqual(expect.arrayContaining(['addNote', 'escalate', 'withdraw']));
    expect(agent).not.toContain('accept');
    expect(agent).not.toContain('reject');
    expect(engine.allowedCommands(complaint, a.handler)).toEqual(
      expect.arrayContaining(['accept', 'reject', 'escalate', 'withdraw', 'addNote']),
    );
    expect(engine.allowedCommands(complaint, a.supervisor)).toEqual(
      expect.arrayContaining(['accept', 'reject', 'addNote']),
    );
    expect(engine.allowedCommands(complaint, a.supervisor)).not.toContain('escalate');
  });

  it('in investigated: the assigned department may propose, another department nothing', async () => {
    const { engine } = setup();
    let complaint;
    for (const cmd of exampleLifecycle('C-1').slice(0, 3)) ({ complaint } = await engine.execute(cmd));
    expect(engine.allowedCommands(complaint, a.department)).toEqual(
      expect.arrayContaining(['proposeRemedy', 'escalate', 'addNote']),
    );
    expect(engine.allowedCommands(complaint, a.otherDepartment)).toEqual([]);
    expect(engine.allowedCommands(complaint, { id: 'x', role: 'intern' })).toEqual([]);
  });

  it('every command allowedCommands offers is accepted by execute', async () => {
    const { engine } = setup();
    let complaint;
    for (const cmd of exampleLifecycle('C-1').slice(0, 4)) ({ complaint } = await engine.execute(cmd));
    expect(engine.allowedCommands(complaint, a.supervisor)).toEqual(expect.arrayContaining(['approveRemedy']));
    await engine.execute({ type: 'approveRemedy', complaintId: 'C-1', actor: a.supervisor, proposalId: 'P1' });
  });

  it('follows a policy that changes the roles', async () => {
    const { engine } = setup({ policy: definePolicy({ roles: { receive: ['agent', 'bot'] } }) });
    expect(engine.allowedCommands(undefined, { id: 'intake-bot', role: 'bot' })).toEqual(['receive']);
  });
});

describe('a clock that returns an invalid Date', () => {
  it.each([() => new Date('not a date'), () => 'yesterday' as unknown as Date])(
    'is refused with VALIDATION and nothing appended (%#)',
    async (clock) => {
      const store = memoryStore();
      const engine = createEngine({ store, clock, ids: sequentialIds() });
      const error = await engine.execute(exampleLifecycle('C-1')[0] as Command).catch((e: unknown) => e);
      expect(isRedressError(error, 'VALIDATION')).toBe(true);
      expect((error as Error).message).toContain('clock');
      expect(store.size).toBe(0);
    },
  );
});
