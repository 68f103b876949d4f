import type { Complaint, Policy, StoredEvent } from '@redress/core';

/** One complaint's log as the model runner sees it after a command. */
export interface ComplaintLog {
  readonly complaintId: string;
  /** The events read back from the store, in order, their personal fields decrypted. */
  readonly events: readonly StoredEvent[];
  /** The events exactly as stored (ciphertext and all), which the hash chain covers; default `events`. */
  readonly stored?: readonly StoredEvent[];
  /** The complaint as the engine returns it live (`engine.load`). */
  readonly live: Complaint;
  readonly policy: Policy;
}

/**
 * A rule every log must keep. `check` returns `true`/nothing when the log keeps
 * it, and `false` or a message saying what is wrong when it does not; throwing
 * (an `expect` failing, say) counts as broken too.
 *
 * @example
 * const fewNotes: Invariant = {
 *   name: 'at most 20 notes',
 *   check: ({ live }) => live.notes <= 20 || `complaint has ${live.notes} notes`,
 * };
 */
export interface Invariant {
  readonly name: string;
  // `void` on purpose: a check written as a block of `expect` calls returns nothing and passes.
  readonly check: (
    log: ComplaintLog,
    // biome-ignore lint/suspicious/noConfusingVoidType: see above
  ) => boolean | string | undefined | void | Promise<boolean | string | undefined | void>;
}

/**
 * Raised inside a run when an invariant does not hold; the runner turns it into a {@link ModelRunFailure}.
 *
 * @example
 * throw new InvariantViolation(invariant.name, log.complaintId, 'complaint has 21 notes', trace);
 */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
  constructor(
    readonly invariant: string,
    readonly complaintId: string,
    readonly reason: string,
    readonly trace: readonly string[],
  ) {
    super(
      `Invariant "${invariant}" broken on ${complaintId}: ${reason}\nCommands of this run:\n${trace.map((t, i) => `  ${i + 1}. ${t}`).join('\n')}`,
    );
  }
}

/**
 * Evaluate one invariant on a log: `undefined` when it holds, else why not.
 *
 * @example
 * const why = await evaluate(fewNotes, log);
 */
export const evaluate = async (invariant: Invariant, log: ComplaintLog): Promise<string | undefined> => {
  try {
    const verdict = await invariant.check(log);
    if (verdict === false) return 'the check returned false';
    if (typeof verdict === 'string') return verdict;
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};
