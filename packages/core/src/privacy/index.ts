export { ERASED, isErased, type Erased } from './erased';
export { isEncryptedValue, claimsEncrypted, type EncryptedValue } from './encryptedValue';
export { DATA_KEY_BYTES, importDataKey, type DataKey } from './dataKey';
export { encryptValue, decryptValue, type FieldPlace } from './fieldCipher';
export { encryptFields, decryptFields, encryptedKeyIds, type EventPlace, type KeyLookup } from './eventFields';
export { encryptablePaths, registeredPersonalPaths } from './schemaPaths';
export {
  FREE_TEXT_FIELDS,
  DEFAULT_PRIVATE_FIELDS,
  DEFAULT_ERASE_ROLES,
  definePrivacyPolicy,
  defaultPrivacyPolicy,
  privateFields,
  type PrivacyPolicy,
} from './privacyPolicy';
export { secretBytes, SECRET_BYTES } from './secretBytes';
export { secretKek, ephemeralKek, kekFingerprint, KEK_ID, type KeyEncryptionKey, type WrapContext } from './kek';
export {
  checkSubjectId,
  sameRecord,
  SUBJECT_ID,
  type KeyListing,
  type KeyReplacement,
  type KeyStore,
  type ListedKey,
  type WrappedKey,
} from './keyStore';
export { pendingErasureFrom, type PendingErasure, type SubjectIndex, type SubjectLink } from './subjectIndex';
export { rewrapKeys, type RewrapOptions, type RewrapProgress, type RewrapResult } from './rewrapKeys';
export { memoryKeyStore } from './memoryKeyStore';
export { subjectKeys, type SubjectKeys, type SubjectKeysOptions } from './subjectKeys';
export { blindIndex, normalisePhone, normaliseEmail, type BlindIndex } from './blindIndex';
export { storedDataSchemas, encryptedValueSchema } from './storedSchemas';
export { isSealedPayload, sealPayload, openPayload, ERASED_PROBLEM, type SealedPayload } from './sealedPayload';
