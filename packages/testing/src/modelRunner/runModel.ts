import fc from 'fast-check';
import {
  createEngine,
  defaultPolicy,
  memoryStore,
  sequentialIds,
  type Engine,
  type EventStore,
  type IdGenerator,
  type Policy,
  type RemedyDraft,
} from '@redress/core';
import { builtInInvariants } from './builtInInvariants';
import type { Invariant } from './invariant';
import { LifecycleStep, type RunModel, type RunReal } from './lifecycleStep';
import { ModelRunFailure } from './modelRunFailure';
import { remedyDrafts, stepInputs } from './stepInput';

/** What the runner hands the engine factory for each run. */
export interface EngineSetup {
  readonly store: EventStore;
  readonly clock: () => Date;
  readonly policy: Policy;
  readonly ids: IdGenerator;
}

/** What to run: the policy and engine under test, your invariants, and how hard to try. */
export interface ModelRunOptions {
  /** The policy under test. Default: `defaultPolicy`. */
  readonly policy?: Policy;
  /** Build the engine for one run. Default: `createEngine(setup)`. */
  readonly engine?: (setup: EngineSetup) => Engine | Promise<Engine>;
  /** A fresh store for each run. Default: `memoryStore()`. */
  readonly store?: () => EventStore | Promise<EventStore>;
  /** Your own rules, checked after every command together with the built-in ones. */
  readonly invariants?: readonly Invariant[];
  /** The remedies departments propose. Default: amounts around 5,000, or none. */
  readonly remedies?: fc.Arbitrary<RemedyDraft>;
  /** How many complaints one run works on at once. Default 2. */
  readonly complaints?: number;
  readonly numRuns?: number;
  readonly maxCommands?: number;
  readonly seed?: number;
}

/** What a passing model run did. */
export interface ModelRunReport {
  readonly runs: number;
  readonly executed: number;
  readonly refused: number;
  /** In how many runs some complaint reached each stage. */
  readonly stagesReached: Readonly<Record<string, number>>;
}

/**
 * Run random command sequences against engines built by `engine`, checking the
 * built-in invariants and yours after every command. Resolves with what the runs
 * covered; rejects with a {@link ModelRunFailure} holding fast-check's shrunk
 * counterexample and the seed to replay it.
 *
 * @example
 * await runModel({
 *   policy: definePolicy({ approvalsRequired: (r) => ((r.compensation?.amount ?? 0) > 5000 ? 2 : 1) }),
 *   invariants: [twoSupervisorsAboveFiveThousand],
 * });
 */
export const runModel = async (options: ModelRunOptions = {}): Promise<ModelRunReport> => {
  const policy = options.policy ?? defaultPolicy;
  const invariants = [...builtInInvariants, ...(options.invariants ?? [])];
  const build = options.engine ?? ((setup: EngineSetup) => createEngine(setup));
  const inputs = stepInputs({ complaints: options.complaints ?? 2, remedies: options.remedies ?? remedyDrafts() });
  const steps = fc.commands([inputs.map((input) => new LifecycleStep(input, policy, invariants))], {
    maxCommands: options.maxCommands ?? 40,
    size: 'max',
  });
  const totals = { runs: 0, executed: 0, refused: 0, stagesReached: {} as Record<string, number> };

  const property = fc.asyncProperty(steps, async (cmds) => {
    const store = await (options.store ?? memoryStore)();
    let now = Date.parse('2026-03-02T08:00:00Z');
    const clock = () => new Date(now);
    const engine = await build({ store, clock, policy, ids: sequentialIds() });
    const model: RunModel = { ids: [], live: new Map(), trace: [], stages: new Set(), executed: 0, refused: 0 };
    const real: RunReal = { engine, advance: (minutes) => (now += minutes * 60_000) };
    try {
      await fc.asyncModelRun(() => ({ model, real }), cmds);
    } finally {
      await store.close?.();
    }
    totals.runs++;
    totals.executed += model.executed;
    totals.refused += model.refused;
    for (const s of model.stages) totals.stagesReached[s] = (totals.stagesReached[s] ?? 0) + 1;
  });

  const details = await fc.check(property, {
    numRuns: options.numRuns ?? 100,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  if (details.failed) throw ModelRunFailure.from(details);
  return totals;
};
