import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { RedressError } from '../errors/redressError';

/**
 * Bytes in a data key (AES-256).
 *
 * @example
 * importDataKey('S-1', randomBytes(DATA_KEY_BYTES));
 */
export const DATA_KEY_BYTES = 32;

/**
 * The data key of one data subject, unwrapped and ready to use. The key lives in
 * a `KeyObject`, so printing or logging a `DataKey` shows no key material.
 *
 * @example
 * const key: DataKey = await keys.create('S-8f3a');
 * const sealed = encryptValue(key, place, '王芳');
 */
export interface DataKey {
  /** The subject the key belongs to; also the `kid` of everything it encrypts. */
  readonly subjectId: string;
  readonly key: KeyObject;
}

/** Fresh random bytes for a new data key. The caller wipes them once wrapped and imported. */
export const newDataKeyBytes = (): Buffer => randomBytes(DATA_KEY_BYTES);

/**
 * Make a {@link DataKey} from 32 raw bytes; the bytes are copied (the caller may
 * wipe its copy). Anything but 32 bytes is `TAMPERED`: unwrapping gave something
 * that is not a data key.
 *
 * @example
 * const key = importDataKey('S-1', randomBytes(32));
 */
export const importDataKey = (subjectId: string, bytes: Uint8Array): DataKey => {
  if (bytes.byteLength !== DATA_KEY_BYTES) {
    throw new RedressError(
      'TAMPERED',
      `The data key of subject ${subjectId} unwrapped to ${bytes.byteLength} bytes, not ${DATA_KEY_BYTES}: the stored key or the key-encryption key is not what it should be`,
      { subjectId },
    );
  }
  return Object.freeze({ subjectId, key: createSecretKey(Buffer.from(bytes)) });
};
