import { describe, expect, test } from 'vitest';
import { createEngine, definePolicy, isRedressError, memoryStore } from '@redress/core';
import { ModelRunFailure, runModel } from '@redress/testing';
import { referralPolicy } from './rules';

describe('a regulator referral is rejected by a supervisor only', () => {
  test('the engine refuses a handler with the rule’s message, and does not offer the command', async () => {
    const engine = createEngine({ store: memoryStore(), policy: referralPolicy });
    const { complaintId, complaint } = await engine.execute({
      type: 'receive',
      actor: { id: 'a-1', role: 'agent' },
      channel: 'regulator',
      category: 'fees',
      complainant: { name: 'Wang Fang' },
      summary: 'Referred by the regulator',
    });
    const handler = { id: 'h-1', role: 'handler' };
    const error = await engine
      .execute({ type: 'reject', complaintId, actor: handler, reason: 'Out of scope' })
      .catch((e: unknown) => e);
    expect(isRedressError(error, 'NOT_ALLOWED') && error.details?.rule).toBe('regulator-referrals');
    expect(engine.allowedCommands(complaint, handler)).not.toContain('reject');
  });

  test('the kit drives the rule and finds no command that breaks it', async () => {
    const report = await runModel({ policy: referralPolicy, numRuns: 100, seed: 2026 });
    expect(report.refused).toBeGreaterThan(0);
  });

  test('the kit FAILS an engine that forgets the rule, and names it', async () => {
    const failure = await runModel({
      policy: referralPolicy,
      engine: (setup) => createEngine({ ...setup, policy: definePolicy() }),
      numRuns: 300,
      seed: 2026, // a fixed seed: the same runs each time, so the test cannot miss by chance
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ModelRunFailure);
    expect((failure as ModelRunFailure).invariant).toBe('rule "regulator-referrals" is kept');
  });
});
