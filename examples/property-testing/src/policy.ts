import { definePolicy } from '@redress/core';

/** Remedies paying more than this need a second supervisor. */
export const TWO_SUPERVISOR_THRESHOLD = 5000;

/**
 * Our rule: a remedy with compensation above 5,000 needs two different
 * supervisors' approval; everything else needs one.
 *
 * @example
 * const engine = createEngine({ store: memoryStore(), policy: twoSupervisorPolicy });
 */
export const twoSupervisorPolicy = definePolicy({
  approvalsRequired: (remedy) => ((remedy.compensation?.amount ?? 0) > TWO_SUPERVISOR_THRESHOLD ? 2 : 1),
});

/**
 * The same rule with a slip in it: the threshold lost its meaning in a refactor
 * (`>= 50000` instead of `> 5000`). The property test below must catch it.
 *
 * @example
 * await expect(runModel({ policy: brokenPolicy, invariants: [largeRemediesNeedTwoSupervisors] })).rejects.toThrow();
 */
export const brokenPolicy = definePolicy({
  approvalsRequired: (remedy) => ((remedy.compensation?.amount ?? 0) >= 50_000 ? 2 : 1),
});
