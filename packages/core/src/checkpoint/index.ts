export { shownText } from './shownText';
export {
  formatSignedNote,
  isKeyName,
  MAX_NOTE_BYTES,
  MAX_SIGNATURES,
  parseSignedNote,
  signatureLine,
  strictBase64,
  type NoteSignature,
  type SignedNote,
} from './signedNote';
export {
  cosignatureVerifier,
  formatVerifierKey,
  keyIdOf,
  NoteKeyType,
  noteVerifier,
  type NoteSigner,
  type NoteVerifier,
} from './noteKeys';
export { cosigner, generateNoteKey, noteSigner } from './noteSigners';
export {
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  signaturesBy,
  signCheckpoint,
  type Checkpoint,
  type VerifiedCheckpoint,
} from './checkpoint';
export { cosignCheckpoint, cosignedMessage, verifyCosignature } from './cosignature';
