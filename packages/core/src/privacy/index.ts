export { ERASED, isErased, type Erased } from './erased';
export { isEncryptedValue, claimsEncrypted, type EncryptedValue } from './encryptedValue';
export { DATA_KEY_BYTES, importDataKey, type DataKey } from './dataKey';
export { encryptValue, decryptValue, type FieldPlace } from './fieldCipher';
export { encryptFields, decryptFields, encryptedKeyIds, type EventPlace, type KeyLookup } from './eventFields';
export { encryptablePaths, registeredPersonalPaths } from './schemaPaths';
export {
  FREE_TEXT_FIELDS,
  DEFAULT_PRIVATE_FIELDS,
  definePrivacyPolicy,
  defaultPrivacyPolicy,
  privateFields,
  type PrivacyPolicy,
} from './privacyPolicy';
