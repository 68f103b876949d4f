import fc from 'fast-check';
import { InvariantViolation } from './invariant';

/**
 * A model run found a broken rule. `counterexample` is fast-check's shrunk
 * command sequence; `seed` and `path` replay it (`runModel({ seed, ... })`).
 *
 * @example
 * try { await runModel({ policy }); }
 * catch (e) { if (e instanceof ModelRunFailure) console.log(e.invariant, e.counterexample); }
 */
export class ModelRunFailure extends Error {
  override readonly name = 'ModelRunFailure';

  constructor(
    message: string,
    /** The invariant that broke, or `undefined` if the run threw something else. */
    readonly invariant: string | undefined,
    readonly complaintId: string | undefined,
    readonly counterexample: string,
    readonly seed: number,
    readonly path: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Build the failure from fast-check's run details. */
  static from<T>(details: fc.RunDetails<T>): ModelRunFailure {
    const error = details.errorInstance;
    const violation = error instanceof InvariantViolation ? error : undefined;
    const counterexample = details.counterexample === null ? '(none)' : fc.stringify(details.counterexample);
    const head = violation?.message ?? (error instanceof Error ? `The run threw: ${error.message}` : 'The run failed');
    const message = `${head}\nfast-check counterexample: ${counterexample}\n${fc.defaultReportMessage(details) ?? ''}`;
    return new ModelRunFailure(
      message,
      violation?.invariant,
      violation?.complaintId,
      counterexample,
      details.seed,
      details.counterexamplePath ?? undefined,
      {
        cause: error,
      },
    );
  }
}
