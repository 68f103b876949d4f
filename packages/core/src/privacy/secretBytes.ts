import { RedressError } from '../errors/redressError';

/**
 * Bytes in a key-encryption secret or a blind-index key.
 *
 * @example
 * const secret = randomBytes(SECRET_BYTES).toString('base64'); // keep it in the environment, not the repository
 */
export const SECRET_BYTES = 32;

const HEX = /^[0-9a-fA-F]{64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]{43}={0,1}$/;

const HOW = `${SECRET_BYTES} random bytes: a Uint8Array, 64 hex digits, or base64 of ${SECRET_BYTES} bytes (make one with \`openssl rand -base64 ${SECRET_BYTES}\`)`;

/**
 * Read a 32-byte secret given as bytes, hex or base64(url), as an environment
 * variable would hold it. Anything else is `VALIDATION` naming `what` and what
 * it must be; the message never shows the value given.
 *
 * @example
 * const secret = secretBytes(process.env.REDRESS_KEK, 'secretKek: secret');
 */
export const secretBytes = (value: unknown, what: string): Buffer => {
  if (value instanceof Uint8Array) {
    if (value.byteLength === SECRET_BYTES) return Buffer.from(value);
    throw new RedressError('VALIDATION', `${what} must be ${HOW}; got ${value.byteLength} bytes`, {
      bytes: value.byteLength,
    });
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (HEX.test(text)) return Buffer.from(text, 'hex');
    if (BASE64.test(text)) {
      const bytes = Buffer.from(text, 'base64');
      if (bytes.length === SECRET_BYTES) return bytes;
    }
    throw new RedressError(
      'VALIDATION',
      `${what} must be ${HOW}; got a string of ${value.length} characters that is neither`,
      { length: value.length },
    );
  }
  throw new RedressError('VALIDATION', `${what} must be ${HOW}; got ${value === null ? 'null' : typeof value}`, {});
};
