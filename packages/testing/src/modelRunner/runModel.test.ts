import { describe, expect, test } from 'vitest';
import { createEngine, memoryStore, type EventStore, type RecordedEvent } from '@redress/core';
import { ModelRunFailure } from './modelRunFailure';
import { runModel } from './runModel';

/** A store that silently changes what it is given: the kind of bug the built-in invariants exist for. */
const corruptingStore = (change: (e: RecordedEvent) => RecordedEvent): EventStore => {
  const inner = memoryStore();
  return { ...inner, append: (id, events, options) => inner.append(id, events.map(change), options) };
};

describe('runModel', () => {
  test('the built-in lifecycle keeps every built-in invariant, and runs reach every stage', async () => {
    const report = await runModel({ numRuns: 60, seed: 42 });
    expect(report.runs).toBe(60);
    expect(report.executed).toBeGreaterThan(report.runs);
    for (const stage of ['received', 'judged', 'investigated', 'proposal', 'implemented', 'reviewed']) {
      expect(report.stagesReached[stage] ?? 0, stage).toBeGreaterThan(0);
    }
  });

  test('a store that rewrites note text is caught by the hash chain, with a shrunk counterexample', async () => {
    const store = () =>
      corruptingStore((e) => (e.type === 'NoteAdded' ? ({ ...e, data: { text: 'rewritten' } } as RecordedEvent) : e));
    const failure = await runModel({ store, numRuns: 200, seed: 7 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ModelRunFailure);
    const f = failure as ModelRunFailure;
    expect(f.invariant).toBe('hashes chain');
    expect(f.message).toContain('hash does not match');
    expect(f.counterexample).toContain('addNote');
    expect(typeof f.seed).toBe('number');
  });

  test('an engine whose live state drifts from its log breaks "replay equals live state"', async () => {
    const failure = await runModel({
      numRuns: 50,
      engine: (setup) => {
        const engine = createEngine(setup);
        return { ...engine, load: async (id, o) => ({ ...(await engine.load(id, o)), escalations: 99 }) };
      },
    }).catch((e: unknown) => e);
    expect((failure as ModelRunFailure).invariant).toBe('replay equals live state');
    expect((failure as ModelRunFailure).message).toContain('escalations');
  });

  test('a user invariant that does not hold fails the run and names itself', async () => {
    const failure = await runModel({
      numRuns: 100,
      invariants: [
        {
          name: 'never more than one proposal',
          check: ({ live }) => live.proposals.length <= 1 || `${live.proposals.length} proposals`,
        },
      ],
    }).catch((e: unknown) => e);
    expect((failure as ModelRunFailure).invariant).toBe('never more than one proposal');
    expect((failure as ModelRunFailure).counterexample.match(/proposeRemedy/g)?.length).toBeGreaterThanOrEqual(2);
  });
});
