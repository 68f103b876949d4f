import { exampleLifecycle } from '@redress/testing';
import { describe, expect, test } from 'vitest';
import type { StoredEvent } from '../domain/envelope';
import { createEngine } from '../engine/createEngine';
import { sequentialIds } from '../engine/ids';
import { isRedressError } from '../errors/redressError';
import { memoryStore } from '../store/memoryStore';
import { rowReader } from '../store/read/rowReader';
import { chainChecker, chainsChecker, hashedWhenRead, openedFrom } from './chainCheck';
import { canonicalJson } from './canonicalJson';
import { hashEvent } from './hashChain';

const store = memoryStore();
const engine = createEngine({ store, ids: sequentialIds(), clock: () => new Date('2026-03-02T08:00:00Z') });
for (const id of ['C-1', 'C-2']) for (const cmd of exampleLifecycle(id).slice(0, 4)) await engine.execute(cmd);
const events = await engine.history('C-1');

const faultOf = (work: () => void) => {
  try {
    work();
  } catch (error) {
    if (isRedressError(error, 'TAMPERED')) return error.details;
    throw error;
  }
  return undefined;
};
const run = (list: readonly StoredEvent[], start?: [number, string]) => () => {
  const chain = start === undefined ? chainChecker() : chainChecker(start[0], start[1]);
  for (const e of list) chain.check(e);
};

describe('chainChecker', () => {
  test('the stream as written passes, from its start or from any version with the hash before it', () => {
    expect(faultOf(run(events))).toBeUndefined();
    expect(faultOf(run(events.slice(2), [2, events[1]!.hash]))).toBeUndefined();
  });

  test('an event changed in place is `hash`, one re-hashed breaks the next link (`prevHash`), one taken out is `version`', () => {
    const edited = events.map((e) => (e.version === 3 ? { ...e, data: { ...e.data, priority: 'low' } } : e));
    expect(faultOf(run(edited as StoredEvent[]))).toMatchObject({ streamId: 'C-1', version: 3, failed: 'hash' });
    const rehashed = edited.map((e) => (e.version === 3 ? { ...e, hash: hashEvent(e as StoredEvent) } : e));
    expect(faultOf(run(rehashed as StoredEvent[]))).toMatchObject({ version: 4, failed: 'prevHash' });
    expect(faultOf(run(events.filter((e) => e.version !== 2)))).toMatchObject({ version: 3, failed: 'version' });
    // A read that starts later starts from the cached hash: a wrong one is a broken link.
    expect(faultOf(run(events.slice(2), [2, events[0]!.hash]))).toMatchObject({ version: 3, failed: 'prevHash' });
  });

  test('the row reader hashes the stored text, so the check needs no encoding of its own; an edited text is not marked', () => {
    const { position: _, ...stored } = events[2]!;
    const rows = rowReader({ holder: 'the file' });
    const read = rows.event(3, 'C-1', 3, canonicalJson(stored));
    expect(hashedWhenRead(read)).toBe(true);
    const edited = rows.event(3, 'C-1', 3, canonicalJson(stored).replace('"high"', '"low"'));
    expect(hashedWhenRead(edited)).toBe(false);
    expect(faultOf(() => chainChecker(2, events[1]!.hash).check(edited))).toMatchObject({ failed: 'hash' });
  });

  test('the mark is the read object alone holds: a copy with changed data is hashed again and fails; a frozen one can be marked', () => {
    const { position: _, ...stored } = events[2]!;
    const read = rowReader({ holder: 'the file' }).event(3, 'C-1', 3, canonicalJson(stored));
    expect(hashedWhenRead(read)).toBe(true);
    const spread = { ...read, data: { ...read.data, priority: 'low' } } as StoredEvent;
    const cloned = structuredClone(read);
    (cloned.data as { priority: string }).priority = 'low';
    for (const copy of [spread, cloned, JSON.parse(JSON.stringify(read)) as StoredEvent]) {
      expect(hashedWhenRead(copy)).toBe(false);
      expect(Object.keys(copy)).toEqual(Object.keys(read));
    }
    expect(faultOf(() => chainChecker(2, events[1]!.hash).check(spread))).toMatchObject({ failed: 'hash' });
    expect(faultOf(() => chainChecker(2, events[1]!.hash).check(cloned))).toMatchObject({ failed: 'hash' });
    // An opened (decrypted) event handed out frozen still takes its stored form's mark.
    const opened = Object.freeze({ ...read });
    openedFrom(read, opened);
    expect(hashedWhenRead(opened)).toBe(true);
    const frozenEdited = Object.freeze({ ...spread });
    openedFrom(spread, frozenEdited);
    expect(hashedWhenRead(frozenEdited)).toBe(false);
  });
});

describe('chainsChecker', () => {
  test('one chain per stream across the global order; a stream met late starts from the event before it', async () => {
    const all: StoredEvent[] = [];
    for await (const e of store.readAll()) all.push(e);
    const chains = chainsChecker();
    for (const e of all) chains.check(e);
    const late = chainsChecker();
    const tail = all.filter((e) => e.version >= 3);
    expect(late.needsStart(tail[0]!)).toBe(true);
    const before = all.find((e) => e.streamId === tail[0]!.streamId && e.version === tail[0]!.version - 1);
    late.start(tail[0]!, before);
    late.check(tail[0]!);
    // No event before it in the store: the events before it were taken out.
    expect(faultOf(() => chainsChecker().start(tail[0]!, undefined))).toMatchObject({ failed: 'version' });
  });
});
