export { shownText } from './shownText';
export { formatSignedNote, isKeyName, MAX_NOTE_BYTES, MAX_SIGNATURES, parseSignedNote, signatureLine, strictBase64, type NoteSignature, type SignedNote } from './signedNote';
export { cosigner, cosignatureVerifier, formatVerifierKey, generateNoteKey, keyIdOf, NoteKeyType, noteSigner, noteVerifier, type NoteSigner, type NoteVerifier } from './noteKeys';
export { formatCheckpoint, openCheckpoint, parseCheckpoint, signaturesBy, signCheckpoint, type Checkpoint, type VerifiedCheckpoint } from './checkpoint';
export { cosignCheckpoint, cosignedMessage, verifyCosignature } from './cosignature';
