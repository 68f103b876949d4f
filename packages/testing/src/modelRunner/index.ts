export { runModel, type ModelRunOptions, type ModelRunReport, type EngineSetup } from './runModel';
export { ModelRunFailure } from './modelRunFailure';
export { type Invariant, type ComplaintLog, InvariantViolation, evaluate } from './invariant';
export {
  builtInInvariants,
  versionsContiguous,
  hashesChain,
  replayEqualsLive,
  implementedOnlyWhenApproved,
  reviewedOnlyAfterAcceptance,
  nothingAfterFinal,
  proposerNeverApproves,
} from './builtInInvariants';
export { keptRules, ruleNamedRefuses, type BrokenRule } from './ruleChecks';
export { replayWithMachine, type MachineReplay } from './machineReplay';
export { remedyDrafts, stepInputs, type StepInput } from './stepInput';
export { commandFor, commandTypeFor, actorFor } from './commandFor';
