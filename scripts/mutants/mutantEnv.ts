/** What the runner hands a mutant run in `REDRESS_MUTANT`: the file, the text to replace, and where to note that it was applied. */
export interface MutantEnv {
  /** Absolute path of the source file. */
  readonly file: string;
  readonly search: string;
  readonly replace: string;
  /** A file the run writes once the change is made: proof that the tests loaded the mutated code. */
  readonly marker: string;
}

/** The environment variable that carries a `MutantEnv` as JSON. */
export const MUTANT_ENV = 'REDRESS_MUTANT';
