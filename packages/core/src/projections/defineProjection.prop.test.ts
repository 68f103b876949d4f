import { fc, test } from '@fast-check/vitest';
import { validCommandSequence, type CommandSequence } from '@redress/testing';
import { describe, expect } from 'vitest';
import type { StoredEvent } from '../domain/envelope';
import { createEngine } from '../engine/createEngine';
import { sequentialIds } from '../engine/ids';
import { memoryStore } from '../store/memoryStore';
import { defineProjection } from './defineProjection';
import { foldProjection } from './projection';
import { projectionRunner } from './runner';
import { memorySnapshots } from './snapshots';

/** A read model that touches a Map, nested objects and arrays, and takes the other events with `'*'`. */
interface Entry {
  readonly category: string;
  readonly department?: string;
  readonly notes: readonly string[];
  readonly proposals: readonly string[];
}
interface Tally {
  readonly complaints: ReadonlyMap<string, Entry>;
  /** Accepted complaints per department, moved along by reassignments. */
  readonly departments: Readonly<Record<string, number>>;
  /** Every other event, counted by type. */
  readonly other: Readonly<Record<string, number>>;
}

const tally = () =>
  defineProjection<Tally>({
    name: 'tally',
    initial: { complaints: new Map(), departments: {}, other: {} },
    on: {
      ComplaintReceived(draft, event) {
        draft.complaints.set(event.streamId, { category: event.data.category, notes: [], proposals: [] });
      },
      ComplaintAccepted(draft, event) {
        const c = draft.complaints.get(event.streamId);
        if (c === undefined) return;
        c.department = event.data.department;
        draft.departments[event.data.department] = (draft.departments[event.data.department] ?? 0) + 1;
      },
      ComplaintReassigned(draft, event) {
        const c = draft.complaints.get(event.streamId);
        if (c?.department === undefined) return;
        draft.departments[c.department] = (draft.departments[c.department] ?? 0) - 1;
        c.department = event.data.department;
        draft.departments[c.department] = (draft.departments[c.department] ?? 0) + 1;
      },
      NoteAdded(draft, event) {
        draft.complaints.get(event.streamId)?.notes.push(event.data.text);
      },
      RemedyProposed(draft, event) {
        draft.complaints.get(event.streamId)?.proposals.push(event.data.proposalId);
      },
      '*'(draft, event) {
        draft.other[event.type] = (draft.other[event.type] ?? 0) + 1;
      },
    },
    toJSON: (state) => ({ ...state, complaints: [...state.complaints] }),
    fromJSON: (json) => {
      const { complaints, ...rest } = json as Omit<Tally, 'complaints'> & { complaints: [string, Entry][] };
      return { ...rest, complaints: new Map(complaints) };
    },
  });

/** The same read model as a plain fold over fresh mutable objects, written without immer. */
const handFold = (events: readonly StoredEvent[]) => {
  const complaints = new Map<string, { category: string; department?: string; notes: string[]; proposals: string[] }>();
  const departments: Record<string, number> = {};
  const other: Record<string, number> = {};
  const add = (d: string, n: number) => (departments[d] = (departments[d] ?? 0) + n);
  for (const e of events) {
    const c = complaints.get(e.streamId);
    if (e.type === 'ComplaintReceived') {
      complaints.set(e.streamId, {
        category: (e as StoredEvent<'ComplaintReceived'>).data.category,
        notes: [],
        proposals: [],
      });
    } else if (e.type === 'ComplaintAccepted') {
      if (c === undefined) continue;
      c.department = (e as StoredEvent<'ComplaintAccepted'>).data.department;
      add(c.department, 1);
    } else if (e.type === 'ComplaintReassigned') {
      if (c?.department === undefined) continue;
      add(c.department, -1);
      c.department = (e as StoredEvent<'ComplaintReassigned'>).data.department;
      add(c.department, 1);
    } else if (e.type === 'NoteAdded') c?.notes.push((e as StoredEvent<'NoteAdded'>).data.text);
    else if (e.type === 'RemedyProposed') c?.proposals.push((e as StoredEvent<'RemedyProposed'>).data.proposalId);
    else other[e.type] = (other[e.type] ?? 0) + 1;
  }
  return { complaints, departments, other };
};

/** Several complaints' lives, interleaved by `order`, executed by an engine: the log it wrote. */
const logOf = async (lives: readonly CommandSequence[], order: readonly number[]) => {
  const store = memoryStore();
  let t = Date.parse('2026-01-05T09:00:00Z');
  const engine = createEngine({ store, clock: () => new Date((t += 60_000)), ids: sequentialIds() });
  // Receipts first and in order, so that the engine's ids C-1, C-2, … match the sequences'.
  for (const life of lives) await engine.execute(life.commands[0] as CommandSequence['commands'][number]);
  const next = lives.map(() => 1);
  const run = async (i: number) => {
    const cmd = lives[i]?.commands[next[i] as number];
    if (cmd === undefined) return;
    next[i] = (next[i] as number) + 1;
    await engine.execute(cmd);
  };
  for (const i of order) await run(i % lives.length);
  for (const [i, life] of lives.entries()) while ((next[i] as number) < life.commands.length) await run(i);
  const events: StoredEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  return { store, events };
};

const livesArb = fc
  .integer({ min: 1, max: 4 })
  .chain((n) =>
    fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        validCommandSequence({ complaintId: `C-${i + 1}`, maxLength: 15, commandIds: 'never' }),
      ),
    ),
  );
const orderArb = fc.array(fc.nat(3), { maxLength: 60 });

/** Every object, array and Map reachable from `value` is frozen. */
const deeplyFrozen = (value: unknown): boolean => {
  if (value === null || typeof value !== 'object') return true;
  if (!Object.isFrozen(value)) return false;
  const children = value instanceof Map ? [...value.values()] : Object.values(value);
  return children.every(deeplyFrozen);
};

describe('defineProjection', () => {
  const rule = 'gives the state a hand-written fold gives, whether events come one by one or in batches';
  test.prop([livesArb, orderArb], { numRuns: 40 })(rule, async (lives, order) => {
    const { store, events } = await logOf(lives, order);
    const expected = handFold(events);
    const projection = tally();
    let oneByOne = projection.init();
    for (const e of events) oneByOne = projection.apply(oneByOne, e);
    expect(oneByOne).toEqual(expected);
    expect(foldProjection(projection, events)).toEqual(expected);
    const runner = projectionRunner({ store, projection, batchSize: 1 + (order.length % 7) });
    await runner.catchUp();
    expect(runner.state).toEqual(expected);
  });

  const frozen = 'every state is deeply frozen, from the first to one loaded from a snapshot';
  test.prop([livesArb, orderArb], { numRuns: 25 })(frozen, async (lives, order) => {
    const { store, events } = await logOf(lives, order);
    const projection = tally();
    let state = projection.init();
    expect(deeplyFrozen(state)).toBe(true);
    for (const e of events) {
      state = projection.apply(state, e);
      expect(deeplyFrozen(state)).toBe(true);
    }
    const snapshots = memorySnapshots();
    await projectionRunner({ store, projection, snapshots }).catchUp();
    const resumed = projectionRunner({ store, projection, snapshots });
    expect((await resumed.catchUp()).applied).toBe(0);
    expect(resumed.state).toEqual(state);
    expect(deeplyFrozen(resumed.state)).toBe(true);
  });

  const sharing = 'an event leaves the parts it does not touch as the very same objects';
  test.prop([livesArb, orderArb, fc.nat()], { numRuns: 40 })(sharing, async (lives, order, at) => {
    const { events } = await logOf(lives, order);
    const projection = tally();
    const k = at % events.length;
    const before = foldProjection(projection, events.slice(0, k));
    const event = events[k] as StoredEvent;
    const after = projection.apply(before, event);
    for (const [id, c] of before.complaints) if (id !== event.streamId) expect(after.complaints.get(id)).toBe(c);
    const touchesDepartments = event.type === 'ComplaintAccepted' || event.type === 'ComplaintReassigned';
    if (!touchesDepartments) expect(after.departments).toBe(before.departments);
    if (event.type === 'NoteAdded' || event.type === 'RemedyProposed' || touchesDepartments)
      expect(after.other).toBe(before.other);
    const [was, is] = [before.complaints.get(event.streamId), after.complaints.get(event.streamId)];
    if (event.type === 'NoteAdded') expect(is?.proposals).toBe(was?.proposals);
    if (event.type === 'RemedyProposed' || touchesDepartments) expect(is?.notes).toBe(was?.notes);
    const handled = ['ComplaintReceived', 'ComplaintAccepted', 'ComplaintReassigned', 'NoteAdded', 'RemedyProposed'];
    if (!handled.includes(event.type)) expect(after.complaints).toBe(before.complaints);
  });
});
