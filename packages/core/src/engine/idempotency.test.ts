import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { exampleActors as a, exampleLifecycle, validCommandSequence } from '@redress/testing';
import { createEngine, memoryStore, sequentialIds, type Command } from '../index';

const setup = (cacheSize?: number) => {
  const store = memoryStore();
  let t = Date.parse('2026-01-05T09:00:00.000Z');
  const options = { store, clock: () => new Date((t += 60_000)), ids: sequentialIds() };
  const engine = createEngine(cacheSize === undefined ? options : { ...options, cacheSize });
  return { store, engine, options };
};

const receive = exampleLifecycle('C-1')[0] as Command & { type: 'receive' };

describe('a repeated commandId returns the first result and appends nothing', () => {
  it('for a command on an existing complaint', async () => {
    const { store, engine } = setup();
    await engine.execute(receive);
    const cmd: Command = {
      type: 'addNote',
      complaintId: 'C-1',
      actor: a.agent,
      text: 'Called back',
      commandId: 'note-1',
    };
    const first = await engine.execute(cmd);
    const size = store.size;
    const again = await engine.execute(cmd);
    expect(store.size).toBe(size);
    expect(again.duplicate).toBe(true);
    expect(first.duplicate).toBe(false);
    expect(again.version).toBe(first.version);
    expect(again.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
    expect(again.complaint).toEqual(first.complaint);
  });

  it('for receive without a complaintId: the same complaint, not a twin', async () => {
    const { store, engine } = setup();
    const { complaintId: _c, ...noId } = receive;
    const cmd = { ...noId, commandId: 'intake-42' };
    const first = await engine.execute(cmd);
    const again = await engine.execute(cmd);
    expect(store.size).toBe(2);
    expect(again).toMatchObject({ complaintId: first.complaintId, version: 2, duplicate: true });
    expect(again.events.map((e) => e.type)).toEqual(['ComplaintReceived', 'ComplaintAcknowledged']);
  });

  it('for receive from a second engine that never saw the first (no shared cache)', async () => {
    const { store, engine, options } = setup();
    const { complaintId: _c, ...noId } = receive;
    const cmd = { ...noId, commandId: 'intake-7' };
    const first = await engine.execute(cmd);
    const other = createEngine({ ...options, store });
    const again = await other.execute(cmd);
    expect(store.size).toBe(2);
    expect(again).toMatchObject({ complaintId: first.complaintId, duplicate: true });
  });

  it('after later commands, and with the cache off: the result as it was then', async () => {
    const { store, engine } = setup(0);
    await engine.execute(receive);
    const propose: Command = {
      type: 'proposeRemedy',
      complaintId: 'C-1',
      actor: a.department,
      remedy: { description: 'Refund' },
      commandId: 'p',
    };
    for (const cmd of exampleLifecycle('C-1').slice(1, 3)) await engine.execute(cmd);
    const first = await engine.execute(propose);
    await engine.execute({ type: 'addNote', complaintId: 'C-1', actor: a.agent, text: 'later' });
    const size = store.size;
    const again = await engine.execute(propose);
    expect(store.size).toBe(size);
    expect(again).toMatchObject({ duplicate: true, version: first.version, proposalId: 'P1' });
    expect(again.complaint.notes).toBe(0);
    expect(again.complaint).toEqual(first.complaint);
  });

  it('a duplicate is answered even where the command would now be refused', async () => {
    const { store, engine } = setup();
    await engine.execute(receive);
    const withdraw: Command = { type: 'withdraw', complaintId: 'C-1', actor: a.agent, commandId: 'w' };
    await engine.execute(withdraw);
    const again = await engine.execute(withdraw);
    expect(again.duplicate).toBe(true);
    expect(store.size).toBe(3);
  });
});

test.prop([validCommandSequence({ commandIds: 'always', maxLength: 15 }), fc.nat(), fc.boolean()], { numRuns: 60 })(
  'sending any command of a life again with its commandId returns the first result and appends nothing',
  async ({ complaintId, commands }, pick, cacheOn) => {
    const { store, engine, options } = setup();
    const results = [];
    for (const cmd of commands) results.push(await engine.execute(cmd));
    const i = pick % commands.length;
    const size = store.size;
    const retrying = cacheOn ? engine : createEngine({ ...options, cacheSize: 0 });
    const again = await retrying.execute(commands[i] as Command);
    expect(store.size).toBe(size);
    expect(again.duplicate).toBe(true);
    expect(again.events.map((e) => e.id)).toEqual(results[i]?.events.map((e) => e.id));
    expect(again.complaint).toEqual(results[i]?.complaint);
    expect(again.complaintId).toBe(complaintId);
  },
);
