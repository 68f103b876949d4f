import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { RedressError } from '../errors/redressError';
import { secretBytes } from './secretBytes';

/**
 * What a data key is wrapped for: the subject it belongs to and the name of the
 * key-encryption key. A wrapping should bind it (as associated data, or a KMS's
 * encryption context), so a wrapped key copied to another subject does not unwrap.
 *
 * @example
 * const context: WrapContext = { subjectId: 'S-8f3a', kekId: 'kek-1a2b3c4d5e6f7081' };
 */
export interface WrapContext {
  readonly subjectId: string;
  readonly kekId: string;
}

/**
 * The key-encryption key (KEK) the application supplies: it wraps each data key
 * before the key store sees it, and unwraps it when it is read. It may live in
 * the process ({@link secretKek}) or behind a KMS or Vault, so both functions may
 * return a promise. `id` names it and is stored beside every key it wrapped; it
 * is not secret, and it must change when the key does.
 *
 * @example
 * // A KMS: the data key never leaves in clear, the KEK never enters the process.
 * const kmsKek: KeyEncryptionKey = {
 *   id: 'kms-complaints-2026',
 *   wrap: async (key, { subjectId }) => (await kms.encrypt({ KeyId, Plaintext: key, EncryptionContext: { subjectId } })).CiphertextBlob,
 *   unwrap: async (wrapped, { subjectId }) => (await kms.decrypt({ CiphertextBlob: wrapped, EncryptionContext: { subjectId } })).Plaintext,
 * };
 */
export interface KeyEncryptionKey {
  readonly id: string;
  wrap(key: Uint8Array, context: WrapContext): Uint8Array | Promise<Uint8Array>;
  unwrap(wrapped: Uint8Array, context: WrapContext): Uint8Array | Promise<Uint8Array>;
}

/**
 * What a KEK id may be: letters, digits and `- _ . :`, at most 128, so it can sit in a message and a column.
 *
 * @example
 * KEK_ID.test('kms-complaints-2026'); // true
 */
export const KEK_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

const aad = ({ subjectId, kekId }: WrapContext) =>
  Buffer.from(JSON.stringify(['redress-data-key', FORMAT, kekId, subjectId]), 'utf8');

/**
 * The id {@link secretKek} gives a secret when none is named: `kek-` and 16 hex
 * digits of an HMAC of the secret, which tells secrets apart without revealing them.
 *
 * @example
 * kekFingerprint(secret); // 'kek-1a2b3c4d5e6f7081'
 */
export const kekFingerprint = (secret: Uint8Array): string =>
  `kek-${createHmac('sha256', secret).update('redress key-encryption key id').digest('hex').slice(0, 16)}`;

/**
 * A key-encryption key made from a 32-byte secret (bytes, hex or base64, as an
 * environment variable holds it). Data keys are wrapped with AES-256-GCM under
 * it, bound to the subject: `[1][12-byte nonce][ciphertext][16-byte tag]`. A
 * wrapped key that was altered, moved to another subject, or is unwrapped with
 * another secret fails as `TAMPERED`. `id` defaults to {@link kekFingerprint}.
 *
 * @example
 * const kek = secretKek(process.env.REDRESS_KEK);          // e.g. from `openssl rand -base64 32`
 * const keys = subjectKeys({ store: memoryKeyStore(), kek });
 */
export const secretKek = (
  secret: Uint8Array | string | undefined,
  options: { readonly id?: string } = {},
): KeyEncryptionKey => {
  const key = secretBytes(secret, 'secretKek: the secret');
  const id = options.id ?? kekFingerprint(key);
  if (typeof id !== 'string' || !KEK_ID.test(id)) {
    throw new RedressError(
      'VALIDATION',
      'secretKek: id must be letters, digits and - _ . : (at most 128, starting with a letter or digit)',
      { option: 'id' },
    );
  }
  return Object.freeze({
    id,
    wrap(dataKey: Uint8Array, context: WrapContext): Uint8Array {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(context));
      return Buffer.concat([Buffer.of(FORMAT), iv, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
    },
    unwrap(wrapped: Uint8Array, context: WrapContext): Uint8Array {
      const bytes = Buffer.from(wrapped.buffer, wrapped.byteOffset, wrapped.byteLength);
      try {
        if (bytes[0] !== FORMAT || bytes.length <= 1 + IV_BYTES + TAG_BYTES)
          throw new Error('not a wrapped key of format 1');
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(1, 1 + IV_BYTES), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(aad(context));
        decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
        return Buffer.concat([
          decipher.update(bytes.subarray(1 + IV_BYTES, bytes.length - TAG_BYTES)),
          decipher.final(),
        ]);
      } catch (error) {
        throw new RedressError(
          'TAMPERED',
          `The data key of subject ${context.subjectId} does not unwrap with key-encryption key ${id}: the secret is not the one it was wrapped with, or the stored key was altered. Supply the secret the keys were written with`,
          { subjectId: context.subjectId, kekId: id },
          { cause: error },
        );
      }
    },
  });
};

/**
 * A key-encryption key with a random secret that lives only as long as the
 * process: for the memory key store, tests and demos. Keys it wrapped cannot be
 * read by any other process, or after a restart.
 *
 * @example
 * const keys = subjectKeys({ store: memoryKeyStore(), kek: ephemeralKek() });
 */
export const ephemeralKek = (): KeyEncryptionKey => {
  const secret = randomBytes(32);
  return secretKek(secret, { id: `ephemeral-${kekFingerprint(secret).slice(4)}` });
};
