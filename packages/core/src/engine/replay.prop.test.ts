import { expect } from 'vitest';
import { test } from '@fast-check/vitest';
import { validCommandSequence } from '@redress/testing';
import { createEngine, memoryStore, replay, sequentialIds } from '../index';

const engineOn = (store = memoryStore(), cacheSize?: number) => {
  let t = Date.parse('2026-01-05T09:00:00.000Z');
  const options = { store, clock: () => new Date((t += 1_000)), ids: sequentialIds() };
  return createEngine(cacheSize === undefined ? options : { ...options, cacheSize });
};

test.prop([validCommandSequence()], { numRuns: 120 })(
  'replaying the log gives exactly the live state',
  async ({ complaintId, commands, stages }) => {
    const store = memoryStore();
    const live = engineOn(store);
    let last;
    for (const [i, cmd] of commands.entries()) {
      last = (await live.execute(cmd)).complaint;
      expect(last.stage).toBe(stages[i]);
    }
    const fresh = engineOn(store, 0);
    const replayed = await fresh.load(complaintId);
    expect(replayed).toEqual(last);
    expect(await live.load(complaintId)).toEqual(last);
    // The stored log holds ciphertext; revealed, it folds to the live state.
    expect(await replay(await fresh.history(complaintId, { reveal: true }))).toEqual(last);
    expect(await fresh.verify(complaintId)).toMatchObject({ ok: true, events: last?.version });
  },
);
