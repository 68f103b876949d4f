import { setAutoFreeze } from 'immer';
import { describe, expect, expectTypeOf, test } from 'vitest';
import type { StoredEvent } from '../domain/envelope';
import type { Actor } from '../domain/roles';
import { createEngine } from '../engine/createEngine';
import { sequentialIds } from '../engine/ids';
import { isRedressError } from '../errors/redressError';
import { memoryStore } from '../store/memoryStore';
import { defineProjection } from './defineProjection';
import { foldProjection } from './projection';
import { projectionRunner } from './runner';

const agent: Actor = { id: 'agent-1', role: 'agent' };
const handler: Actor = { id: 'handler-1', role: 'handler' };

/** Three complaints received, the second accepted and given a note. */
const log = async () => {
  const store = memoryStore();
  const engine = createEngine({ store, ids: sequentialIds(), clock: () => new Date('2026-02-02T09:00:00Z') });
  for (const category of ['quality', 'billing', 'service']) {
    await engine.execute({
      type: 'receive',
      actor: agent,
      channel: 'phone',
      category,
      complainant: { name: 'N' },
      summary: 's',
    });
  }
  await engine.execute({ type: 'accept', complaintId: 'C-2', actor: handler, department: 'billing', priority: 'high' });
  await engine.execute({ type: 'addNote', complaintId: 'C-2', actor: agent, text: 'Called back' });
  const events: StoredEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  return { store, events };
};

const caught = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('defineProjection', () => {
  test('a handler gets the event narrowed to its type; `*` takes the types without one; the rest are skipped', async () => {
    const { events } = await log();
    const seen: string[] = [];
    const p = defineProjection({
      name: 'departments',
      initial: { departments: [] as string[], other: 0 },
      on: {
        ComplaintAccepted(draft, event) {
          expectTypeOf(event).toEqualTypeOf<StoredEvent<'ComplaintAccepted'>>();
          draft.departments.push(event.data.department);
        },
        '*'(draft, event) {
          expectTypeOf(event).toEqualTypeOf<StoredEvent>();
          seen.push(event.type);
          draft.other += 1;
        },
      },
    });
    expect(foldProjection(p, events)).toEqual({ departments: ['billing'], other: events.length - 1 });
    expect(seen).not.toContain('ComplaintAccepted');
    const noted = defineProjection({
      name: 'notes',
      initial: { notes: 0 },
      on: { NoteAdded: (draft) => void (draft.notes += 1) },
    });
    const start = noted.init();
    expect(noted.apply(start, events[0] as StoredEvent)).toBe(start);
    expect(foldProjection(noted, events).notes).toBe(1);
  });

  test('a handler that returns a value is a VALIDATION error naming the event, and the state is left as it was', async () => {
    const { events } = await log();
    const p = defineProjection({
      name: 'counter',
      initial: { n: 0 },
      on: { ComplaintReceived: (draft) => (draft.n += 1) },
    });
    const start = p.init();
    const error = caught(() => p.apply(start, events[0] as StoredEvent));
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
    expect((error as Error).message).toContain('ComplaintReceived');
    expect(start).toEqual({ n: 0 });
  });

  test('an initial state or a snapshot that handlers cannot change in place is a VALIDATION error', () => {
    expect(
      isRedressError(
        caught(() => defineProjection({ name: 'n', initial: 0, on: {} })),
        'VALIDATION',
      ),
    ).toBe(true);
    const p = defineProjection({ name: 'list', initial: [] as string[], on: {} });
    expect(
      isRedressError(
        caught(() => p.fromJSON?.(null)),
        'VALIDATION',
      ),
    ).toBe(true);
    expect(Object.isFrozen(p.fromJSON?.(['a']))).toBe(true);
  });

  test('states stay frozen when the app turns off immer’s auto-freeze', async () => {
    const { events } = await log();
    setAutoFreeze(false);
    try {
      const on = { ComplaintReceived: (draft: { ids: string[] }, e: StoredEvent) => void draft.ids.push(e.streamId) };
      const p = defineProjection({ name: 'ids', initial: { ids: [] as string[] }, on });
      const state = foldProjection(p, events);
      expect(state.ids).toEqual(['C-1', 'C-2', 'C-3']);
      expect(Object.isFrozen(state.ids)).toBe(true);
    } finally {
      setAutoFreeze(true);
    }
  });

  test('a runner whose batch fails applies the events before the failing one and stops there, with the handler’s error', async () => {
    const { store, events } = await log();
    const p = defineProjection({
      name: 'picky',
      initial: { seen: [] as number[] },
      on: {
        '*'(draft, event) {
          if (event.type === 'NoteAdded') throw new Error('no notes here');
          draft.seen.push(event.position);
        },
      },
    });
    const runner = projectionRunner({ store, projection: p, batchSize: 100 });
    await expect(runner.catchUp()).rejects.toThrow('no notes here');
    const failing = events.findIndex((e) => e.type === 'NoteAdded');
    expect(runner.position).toBe(events[failing - 1]?.position);
    expect(runner.state.seen).toEqual(events.slice(0, failing).map((e) => e.position));
  });
});
