import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { RedressError } from '../errors/redressError';
import type { DataKey } from './dataKey';
import { isEncryptedValue, type EncryptedValue } from './encryptedValue';

/**
 * Where a value sits: its event (stream, version, type) and its path inside the
 * event's `data`. All of it is bound into the ciphertext as associated data, so
 * a ciphertext moved to another event or field does not decrypt.
 *
 * @example
 * const place: FieldPlace = { streamId: 'C-17', version: 1, type: 'ComplaintReceived', path: 'complainant.name' };
 */
export interface FieldPlace {
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly path: string;
}

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The associated data: a JSON array, so no two places give the same bytes. */
const associatedData = (place: FieldPlace, kid: string): Buffer =>
  Buffer.from(JSON.stringify(['redress-field', 1, place.streamId, place.version, place.type, place.path, kid]), 'utf8');

// Nonces come from a pool of random bytes filled a few kilobytes at a time: one call to the
// random source per field costs more than the encryption of a short field itself.
const POOL_BYTES = IV_BYTES * 512;
let pool = Buffer.alloc(0);
let poolAt = 0;
const freshNonce = (): Buffer => {
  if (poolAt + IV_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolAt = 0;
  }
  poolAt += IV_BYTES;
  return pool.subarray(poolAt - IV_BYTES, poolAt);
};

const where = (place: FieldPlace) =>
  `field ${place.path} of ${place.type} (version ${place.version} of ${place.streamId})`;

const tampered = (place: FieldPlace, why: string, cause?: unknown) =>
  new RedressError(
    'TAMPERED',
    `The encrypted ${where(place)} ${why}: it was altered, or copied from another event or field. Restore the event from a backup`,
    { streamId: place.streamId, version: place.version, type: place.type, path: place.path },
    cause === undefined ? undefined : { cause },
  );

const BASE64URL_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * base64url text that is the one encoding of its bytes (a changed pad bit would otherwise go
 * unnoticed): no lone last digit, and no bit set in the last digit past the last byte. The text
 * is of base64url digits only (`isEncryptedValue` checked), so nothing else can make it another
 * encoding, and this holds without encoding the bytes again.
 */
const decode = (text: string): Buffer | undefined => {
  const rest = text.length % 4;
  if (rest === 1) return undefined;
  if (rest !== 0) {
    const last = BASE64URL_DIGITS.indexOf(text.charAt(text.length - 1));
    if (last < 0 || (last & (rest === 2 ? 0b1111 : 0b11)) !== 0) return undefined;
  }
  return Buffer.from(text, 'base64url');
};

/**
 * Encrypt one value (anything JSON can hold; text of any script) under a
 * subject's data key for one place, with a fresh random nonce.
 *
 * @example
 * const sealed = encryptValue(key, { streamId: 'C-17', version: 1, type: 'ComplaintReceived', path: 'complainant.name' }, '王芳');
 * sealed.kid; // key.subjectId
 */
export const encryptValue = (key: DataKey, place: FieldPlace, value: unknown): EncryptedValue => {
  const plaintext = JSON.stringify(value);
  if (plaintext === undefined) {
    throw new RedressError('VALIDATION', `Cannot encrypt the ${where(place)}: a ${typeof value} has no JSON form`, {
      path: place.path,
    });
  }
  const iv = freshNonce();
  const cipher = createCipheriv(ALGORITHM, key.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(place, key.subjectId));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { $enc: 1, kid: key.subjectId, iv: iv.toString('base64url'), ct: ct.toString('base64url') };
};

/**
 * Decrypt a value sealed by {@link encryptValue} for exactly this place. A value
 * that was changed, or sealed for another stream, version, event type or path,
 * is `TAMPERED`; the message names the place, never a value or a key.
 *
 * @example
 * decryptValue(key, place, sealed); // '王芳'
 */
export const decryptValue = (key: DataKey, place: FieldPlace, sealed: EncryptedValue): unknown => {
  if (!isEncryptedValue(sealed)) throw tampered(place, 'is not a well-formed encrypted value');
  return decryptWellFormed(key, place, sealed);
};

/**
 * {@link decryptValue} of a value the caller already found well formed
 * (`isEncryptedValue`): the same checks of its key id, nonce, ciphertext and
 * associated data, without looking at its shape again.
 *
 * @example
 * if (isEncryptedValue(sealed)) decryptWellFormed(key, place, sealed);
 */
export const decryptWellFormed = (key: DataKey, place: FieldPlace, sealed: EncryptedValue): unknown => {
  if (sealed.kid !== key.subjectId) {
    throw new RedressError(
      'VALIDATION',
      `The ${where(place)} is encrypted for subject ${sealed.kid}, but the key of subject ${key.subjectId} was given; look the key up by the value's kid`,
      { path: place.path, kid: sealed.kid, subjectId: key.subjectId },
    );
  }
  const iv = decode(sealed.iv);
  const ct = decode(sealed.ct);
  if (iv === undefined || iv.length !== IV_BYTES || ct === undefined || ct.length <= TAG_BYTES) {
    throw tampered(place, 'has a nonce or ciphertext of the wrong form');
  }
  let plaintext: string;
  try {
    const decipher = createDecipheriv(ALGORITHM, key.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(place, sealed.kid));
    decipher.setAuthTag(ct.subarray(ct.length - TAG_BYTES));
    const opened = decipher.update(ct.subarray(0, ct.length - TAG_BYTES));
    // GCM is a stream mode: final() adds no bytes, it checks the tag.
    decipher.final();
    plaintext = opened.toString('utf8');
  } catch (error) {
    // The authentication failed; the driver's message says no more than that.
    throw tampered(place, 'does not decrypt with the key of its subject', error);
  }
  try {
    return JSON.parse(plaintext) as unknown;
  } catch {
    // No cause: the parser's message would quote the plaintext.
    throw tampered(place, 'decrypts to something that is not JSON');
  }
};
