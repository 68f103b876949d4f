import { describe, expect, test } from 'vitest';
import {
  createEngine,
  businessCalendar,
  deadlinePolicy,
  isRedressError,
  memoryStore,
  sequentialIds,
  type Command,
  type RedressError,
} from '../index';

const agent = { id: 'agent-1', role: 'agent' };
const handler = { id: 'handler-1', role: 'handler' };

const setup = async () => {
  const store = memoryStore();
  let t = Date.parse('2026-03-02T09:00:00Z');
  const engine = createEngine({
    store,
    clock: () => new Date((t += 60_000)),
    ids: sequentialIds(),
    deadlines: deadlinePolicy({
      calendar: businessCalendar({ timeZone: 'UTC' }),
      rules: { resolve: { within: { calendarDays: 15 } } },
    }),
  });
  for (const id of ['C-1', 'C-2', 'C-3']) {
    await engine.execute({
      type: 'receive',
      complaintId: id,
      actor: agent,
      channel: 'web',
      category: 'delivery',
      complainant: { name: 'A' },
      summary: 'Parcel missing',
    });
  }
  const refused = async (cmd: Command): Promise<RedressError> => {
    const before = store.size;
    const error = await engine.execute(cmd).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(store.size).toBe(before);
    if (!isRedressError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
    return error;
  };
  return { engine, store, refused };
};

describe('link: related complaints, both ways', () => {
  test('both streams get an event, and each complaint names the other', async () => {
    const { engine } = await setup();
    const { complaint } = await engine.execute({ type: 'link', complaintId: 'C-1', relatedId: 'C-2', actor: handler });
    expect(complaint.links).toEqual(['C-2']);
    expect((await engine.load('C-2')).links).toEqual(['C-1']);
    const back = (await engine.history('C-2')).at(-1);
    expect(back?.type).toBe('ComplaintLinked');
    expect(back?.data).toEqual({ relatedId: 'C-1' });
    expect((await engine.verify('C-1')).ok && (await engine.verify('C-2')).ok).toBe(true);
  });

  test('linking again, from either side, is refused and appends nothing', async () => {
    const { engine, refused } = await setup();
    await engine.execute({ type: 'link', complaintId: 'C-1', relatedId: 'C-2', actor: handler });
    const e = await refused({ type: 'link', complaintId: 'C-2', relatedId: 'C-1', actor: handler });
    expect(e.code).toBe('NOT_ALLOWED');
    expect(e.message).toContain('already linked to C-1');
  });

  test('a complaint that does not exist, or itself, is refused before anything is written', async () => {
    const { refused } = await setup();
    expect((await refused({ type: 'link', complaintId: 'C-1', relatedId: 'C-9', actor: handler })).code).toBe(
      'NOT_FOUND',
    );
    expect((await refused({ type: 'link', complaintId: 'C-1', relatedId: 'C-1', actor: handler })).code).toBe(
      'VALIDATION',
    );
    expect((await refused({ type: 'link', complaintId: 'C-1', relatedId: 'C-2', actor: agent })).code).toBe(
      'FORBIDDEN',
    );
  });

  test('a half-written link (one side only) is completed by the same command again', async () => {
    const { engine, store } = await setup();
    // The first side is written, then the write of the second fails.
    const append = store.append.bind(store);
    let fail = false;
    store.append = async (id, events, options) => {
      if (fail && id === 'C-2') throw new Error('connection lost');
      return append(id, events, options);
    };
    fail = true;
    await expect(
      engine.execute({ type: 'link', complaintId: 'C-1', relatedId: 'C-2', actor: handler }),
    ).rejects.toThrow();
    expect((await engine.load('C-1')).links).toEqual(['C-2']);
    expect((await engine.load('C-2')).links).toEqual([]);
    fail = false;
    await engine.execute({ type: 'link', complaintId: 'C-1', relatedId: 'C-2', actor: handler });
    expect((await engine.load('C-1')).links).toEqual(['C-2']);
    expect((await engine.load('C-2')).links).toEqual(['C-1']);
  });
});

describe('merge: a duplicate closes in stage merged', () => {
  test('the duplicate points at the primary, which records it; the duplicate’s clocks stop', async () => {
    const { engine } = await setup();
    expect((await engine.load('C-2')).deadlines?.resolve?.status).toBe('running');
    const { complaint } = await engine.execute({ type: 'merge', complaintId: 'C-2', into: 'C-1', actor: handler });
    expect(complaint).toMatchObject({ stage: 'merged', status: 'closed', mergedInto: 'C-1' });
    expect(complaint.deadlines?.resolve?.status).toBe('stopped');
    expect((await engine.load('C-1')).duplicates).toEqual(['C-2']);
    expect((await engine.load('C-1')).deadlines?.resolve?.status).toBe('running');
    // Nothing is due on the duplicate any more: a tick long after records nothing for it.
    const tick = await engine.tick(new Date('2026-06-01T00:00:00Z'));
    expect(tick.events.filter((e) => e.streamId === 'C-2')).toEqual([]);
  });

  test('a merged complaint takes no further commands; a merge into a merged complaint names the right one', async () => {
    const { engine, refused } = await setup();
    await engine.execute({ type: 'merge', complaintId: 'C-2', into: 'C-1', actor: handler });
    expect((await refused({ type: 'addNote', complaintId: 'C-2', actor: agent, text: 'x' })).code).toBe('NOT_ALLOWED');
    expect(engine.allowedCommands(await engine.load('C-2'), handler)).toEqual([]);
    const e = await refused({ type: 'merge', complaintId: 'C-3', into: 'C-2', actor: handler });
    expect(e.message).toContain('was itself merged into C-1; merge into C-1 instead');
    expect((await refused({ type: 'link', complaintId: 'C-3', relatedId: 'C-2', actor: handler })).code).toBe(
      'NOT_ALLOWED',
    );
  });
});
