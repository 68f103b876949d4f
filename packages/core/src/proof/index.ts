export {
  inclusionProof,
  PROOF_FORMAT,
  type InclusionProof,
  type InclusionProofOptions,
  type ProvenEvent,
} from './inclusionProof';
export { checkProof, type CheckedEvent, type ProofCheck } from './checkProof';
export { withheldFields } from './withheldFields';
