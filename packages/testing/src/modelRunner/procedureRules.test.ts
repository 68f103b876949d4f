import { describe, expect, test } from 'vitest';
import { createEngine, definePolicy, type ProcedureRule } from '@redress/core';
import { ModelRunFailure } from './modelRunFailure';
import { runModel } from './runModel';

const regulatorReferrals: ProcedureRule = {
  name: 'regulator-referrals',
  commands: ['reject'],
  refuse: ({ complaint, actor }) =>
    complaint?.channel === 'regulator' && actor.role === 'handler'
      ? 'a complaint referred by a regulator may be rejected by a supervisor only'
      : undefined,
};

const firstContact = { categories: ['service'], priorities: ['low', 'normal'] } as const;
const policy = definePolicy({ rules: [regulatorReferrals], firstContact });

describe('the model runner drives and checks procedure rules', () => {
  test('under rules, segregation of duties and first contact, every run keeps them all', async () => {
    const report = await runModel({ policy, numRuns: 60, seed: 18, complaints: 3 });
    expect(report.refused).toBeGreaterThan(0);
    for (const stage of ['rejected', 'reviewed', 'merged'])
      expect(report.stagesReached[stage] ?? 0, stage).toBeGreaterThan(0);
  });

  test('an engine that forgets an app rule is caught, and the failure names the rule', async () => {
    const failure = await runModel({
      policy,
      numRuns: 300,
      seed: 3,
      // The engine under test runs without the rule the policy under test has.
      engine: (setup) => createEngine({ ...setup, policy: definePolicy({ firstContact }) }),
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ModelRunFailure);
    expect((failure as ModelRunFailure).invariant).toBe('rule "regulator-referrals" is kept');
    expect((failure as ModelRunFailure).counterexample).toContain('reject');
  });

  test('an engine that lets the proposer approve is caught by segregation of duties', async () => {
    const failure = await runModel({
      numRuns: 300,
      seed: 5,
      engine: (setup) => createEngine({ ...setup, policy: definePolicy({ segregateDuties: false }) }),
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ModelRunFailure);
    expect((failure as ModelRunFailure).invariant).toBe('rule "segregation-of-duties" is kept');
    expect((failure as ModelRunFailure).counterexample).toMatch(/proposeRemedy[\s\S]*approveRemedy/);
  });
});
