/**
 * A personal value as it is stored: AES-256-GCM ciphertext under the data key of
 * one subject, as a small JSON-safe object. `kid` names the key (the subject id),
 * `iv` is the 12-byte nonce and `ct` the ciphertext with the 16-byte tag at its
 * end, both base64url. What it decrypts to is the JSON of the original value.
 *
 * @example
 * const stored: EncryptedValue = { $enc: 1, kid: 'S-8f3a', iv: 'q0C2…', ct: 'Vx9…' };
 */
export interface EncryptedValue {
  /** The format version of the envelope; 1 is AES-256-GCM with the associated data of `fieldCipher`. */
  readonly $enc: 1;
  /** The subject whose data key encrypted it. */
  readonly kid: string;
  /** The nonce, base64url of 12 bytes. */
  readonly iv: string;
  /** Ciphertext then tag, base64url. */
  readonly ct: string;
}

const KEYS: ReadonlySet<string> = new Set(['$enc', 'ct', 'iv', 'kid']);
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Whether a value is an {@link EncryptedValue} of a known version, exactly (no
 * other members, base64url text). A value that only claims to be one (it has
 * `$enc`) but is not well formed is caught by {@link claimsEncrypted}.
 *
 * @example
 * isEncryptedValue(event.data.complainant.name); // true when the field is sealed
 */
export const isEncryptedValue = (value: unknown): value is EncryptedValue => {
  if (!claimsEncrypted(value)) return false;
  const v = value as unknown as Record<string, unknown>;
  // Exactly the four members, in any order: own names are distinct, so four known names are all of them.
  let members = 0;
  for (const k in v) {
    if (!Object.hasOwn(v, k)) continue;
    if (!KEYS.has(k)) return false;
    members++;
  }
  return (
    members === KEYS.size &&
    v.$enc === 1 &&
    typeof v.kid === 'string' &&
    v.kid.length > 0 &&
    typeof v.iv === 'string' &&
    BASE64URL.test(v.iv) &&
    typeof v.ct === 'string' &&
    BASE64URL.test(v.ct)
  );
};

/**
 * Whether a value presents itself as encrypted (an object with a `$enc`
 * member), well formed or not. No field of a Redress event holds such an
 * object in clear, so one that is not a valid {@link EncryptedValue} was damaged.
 *
 * @example
 * claimsEncrypted({ $enc: 2, kid: 'S-1' }); // true (and isEncryptedValue says false)
 */
export const claimsEncrypted = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, '$enc');
