export {
  formatAddCheckpoint,
  parseAddCheckpoint,
  MAX_ADD_CHECKPOINT_BYTES,
  MAX_PROOF_LINES,
  type AddCheckpoint,
} from './addCheckpointBody';
export {
  witnessCheckpoint,
  type WitnessAnswer,
  type WitnessInput,
  type WitnessedCheckpoint,
} from './witnessCheckpoint';
