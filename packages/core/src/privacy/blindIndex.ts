import { createHmac } from 'node:crypto';
import { RedressError } from '../errors/redressError';
import { secretBytes } from './secretBytes';

/**
 * A phone number as the blind index compares it: its digits only, in ASCII
 * (full-width and other compatibility digits become ASCII first). A leading
 * `+country` stays as its digits, so `+86 138-0000-0000` and `+8613800000000`
 * are one number. Fewer than 3 digits is `VALIDATION` (without the value).
 *
 * @example
 * normalisePhone('+86 (138) 0000-0000'); // '8613800000000'
 */
export const normalisePhone = (phone: string): string => {
  const digits = typeof phone === 'string' ? phone.normalize('NFKC').replace(/[^0-9]/g, '') : '';
  if (digits.length < 3) {
    throw new RedressError(
      'VALIDATION',
      'A phone number for the blind index needs at least 3 digits; the one given has fewer',
      { kind: 'phone' },
    );
  }
  return digits;
};

/**
 * An email address as the blind index compares it: Unicode-normalised (NFC),
 * trimmed and lower-cased. Without an `@` between two non-empty parts it is
 * `VALIDATION` (without the value).
 *
 * @example
 * normaliseEmail('  Li.Wei@Example.COM '); // 'li.wei@example.com'
 */
export const normaliseEmail = (email: string): string => {
  const text = typeof email === 'string' ? email.normalize('NFC').trim().toLowerCase() : '';
  const at = text.lastIndexOf('@');
  if (at < 1 || at === text.length - 1) {
    throw new RedressError(
      'VALIDATION',
      'An email address for the blind index needs a local part, an @ and a domain; the one given does not',
      { kind: 'email' },
    );
  }
  return text;
};

/**
 * Tokens of the blind index under one index key: equal for equal normalised
 * values, unrelated under another key, and useless without the key (an
 * attacker with the tokens cannot test guesses). Store the token beside a
 * complaint to find a person's earlier complaints without decrypting anything.
 *
 * @example
 * const index = blindIndex(process.env.REDRESS_INDEX_KEY);
 * index.phone('+86 138 0000 0000') === index.phone('+8613800000000'); // true
 */
export interface BlindIndex {
  /** The token of a phone number (see {@link normalisePhone}). */
  phone(phone: string): string;
  /** The token of an email address (see {@link normaliseEmail}). */
  email(email: string): string;
}

/**
 * A blind index: HMAC-SHA256 under a 32-byte index key (bytes, hex or base64,
 * kept apart from the key-encryption key) of the normalised phone number or
 * email, with the kind bound in so a phone and an email never share a token.
 * Tokens are base64url, 43 characters.
 *
 * @example
 * const index = blindIndex(randomBytes(32));
 * index.email('Li.Wei@example.com') === index.email('li.wei@example.com'); // true
 */
export const blindIndex = (indexKey: Uint8Array | string | undefined): BlindIndex => {
  const key = secretBytes(indexKey, 'blindIndex: the index key');
  const token = (kind: string, normalised: string) =>
    createHmac('sha256', key)
      .update(`redress-blind-index\u0000v1\u0000${kind}\u0000`)
      .update(normalised, 'utf8')
      .digest('base64url');
  return Object.freeze({
    phone: (phone: string) => token('phone', normalisePhone(phone)),
    email: (email: string) => token('email', normaliseEmail(email)),
  });
};
