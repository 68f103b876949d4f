import fc from 'fast-check';
import type { RemedyDraft } from '@redress/core';

/** The random choices behind one step of a run; what they mean is resolved against the live complaint. */
export interface StepInput {
  /** Which complaint (an index; past the last one, a new complaint is received). */
  readonly target: number;
  /** Which of the allowed commands, 0–999 (≥ 960: any command, allowed or not). */
  readonly choice: number;
  /** Which actor among those whose role may issue the command. */
  readonly actor: number;
  /** Minutes the clock moves before the command. */
  readonly minutes: number;
  /** Picks among proposals, departments, priorities. */
  readonly variant: number;
  readonly remedy: RemedyDraft;
  readonly accepted: boolean;
  readonly satisfaction: number;
}

/**
 * Remedies around the 5,000 threshold people like to put rules on, plus some
 * without compensation.
 *
 * @example
 * fc.sample(remedyDrafts(), 3);
 */
export const remedyDrafts = (): fc.Arbitrary<RemedyDraft> =>
  fc.record(
    {
      description: fc.constantFrom('Replace the product', 'Refund the order', 'Apologise and repair'),
      compensation: fc.option(
        fc.record({
          amount: fc.oneof(fc.integer({ min: 0, max: 12_000 }), fc.constantFrom(4999, 5000, 5000.01, 5001)),
          currency: fc.constant('CNY'),
        }),
        { nil: undefined },
      ),
    },
    { requiredKeys: ['description'] },
  );

/**
 * The arbitrary of one step's choices.
 *
 * @example
 * fc.sample(stepInputs({ complaints: 2, remedies: remedyDrafts() }), 1);
 */
export const stepInputs = (options: {
  complaints: number;
  remedies: fc.Arbitrary<RemedyDraft>;
}): fc.Arbitrary<StepInput> =>
  fc.record({
    target: fc.nat(Math.max(0, options.complaints - 1)),
    choice: fc.nat(999),
    actor: fc.nat(5),
    minutes: fc.oneof(fc.nat(120), fc.nat(3 * 24 * 60)),
    variant: fc.nat(7),
    remedy: options.remedies,
    accepted: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    satisfaction: fc.integer({ min: 1, max: 5 }),
  });
