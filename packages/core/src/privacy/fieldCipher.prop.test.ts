import { randomBytes } from 'node:crypto';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { isRedressError } from '../errors/redressError';
import { importDataKey } from './dataKey';
import type { EncryptedValue } from './encryptedValue';
import { decryptValue, encryptValue, type FieldPlace } from './fieldCipher';

const key = importDataKey('S-1', randomBytes(32));

const place = fc.record({
  streamId: fc.stringMatching(/^C-[A-Za-z0-9]{1,12}$/),
  version: fc.integer({ min: 1, max: 10_000 }),
  type: fc.constantFrom('ComplaintReceived', 'NoteAdded', 'CustomerResponded', 'FollowUpRecorded'),
  path: fc.constantFrom('complainant.name', 'complainant.phone', 'summary', 'text', 'comment'),
});

const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }));

/** Run `work`, expecting a TAMPERED RedressError; returns its message. */
const tamperedMessage = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    expect(isRedressError(error, 'TAMPERED'), String(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected TAMPERED, but it decrypted');
};

describe('field encryption', () => {
  test.prop([place, text])('decrypt(encrypt(x)) = x for any Unicode text, lone surrogates included', (where, value) => {
    expect(decryptValue(key, where, encryptValue(key, where, value))).toBe(value);
  });

  test.prop([place, fc.jsonValue()])('any JSON value comes back as its JSON (-0 as 0)', (where, value) => {
    expect(decryptValue(key, where, encryptValue(key, where, value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  test.prop([place, text.filter((t) => Buffer.byteLength(t) >= 6)])(
    'the stored form never contains the plaintext, as text or as bytes',
    (where, value) => {
      const sealed = encryptValue(key, where, value);
      expect(JSON.stringify(sealed).includes(value)).toBe(false);
      const bytes = Buffer.from(sealed.ct, 'base64url');
      expect(bytes.includes(Buffer.from(value, 'utf8'))).toBe(false);
    },
  );

  test.prop([
    place,
    text,
    fc.integer({ min: 0, max: 3 }),
    fc.string({ minLength: 1, maxLength: 8 }).map((s) => `x${s}`),
  ])(
    'a ciphertext moved to another stream, version, event type or path is TAMPERED, and the message holds no plaintext',
    (where, value, which, other) => {
      const sealed = encryptValue(key, where, value);
      const moved: FieldPlace =
        which === 0
          ? { ...where, streamId: `${where.streamId}${other}` }
          : which === 1
            ? { ...where, version: where.version + 1 }
            : which === 2
              ? { ...where, type: `${where.type}${other}` }
              : { ...where, path: `${where.path}${other}` };
      const message = tamperedMessage(() => decryptValue(key, moved, sealed));
      // The message names the place: a value that is part of the place's own names is found there.
      const named = [moved.streamId, moved.type, moved.path].some((p) => p.includes(value));
      if (value.length >= 4 && !named) expect(message.includes(value)).toBe(false);
    },
  );

  test.prop([place, text, fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean()])(
    'any flipped byte of the nonce or the ciphertext (tag included) is TAMPERED',
    (where, value, at, delta, inNonce) => {
      const sealed = encryptValue(key, where, value);
      const field = inNonce ? 'iv' : 'ct';
      const bytes = Buffer.from(sealed[field], 'base64url');
      const i = at % bytes.length;
      bytes[i] = ((bytes[i] as number) ^ delta) & 0xff;
      const changed: EncryptedValue = { ...sealed, [field]: bytes.toString('base64url') };
      tamperedMessage(() => decryptValue(key, where, changed));
    },
  );

  test.prop([place, text, fc.boolean(), fc.integer({ min: 1, max: 15 })])(
    'a nonce or ciphertext that is not the one encoding of its bytes (a pad bit set, a lone digit) is TAMPERED',
    (where, value, inNonce, bits) => {
      const sealed = encryptValue(key, where, value);
      const field = inNonce ? 'iv' : 'ct';
      const text = sealed[field];
      const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const unused = text.length % 4 === 2 ? 0b1111 : text.length % 4 === 3 ? 0b11 : 0;
      // The same bytes under another spelling: a bit past the last byte set, or one digit more.
      const last = digits.indexOf(text.charAt(text.length - 1));
      const respelled = unused === 0 ? `${text}A` : `${text.slice(0, -1)}${digits.charAt(last | (bits & unused || 1))}`;
      expect(Buffer.from(respelled, 'base64url').equals(Buffer.from(text, 'base64url'))).toBe(true);
      tamperedMessage(() => decryptValue(key, where, { ...sealed, [field]: respelled }));
    },
  );

  test.prop([place, text])('another subject’s key does not open it', (where, value) => {
    const sealed = encryptValue(key, where, value);
    const other = importDataKey('S-1', randomBytes(32));
    tamperedMessage(() => decryptValue(other, where, sealed));
  });

  test.prop([place, text])('two encryptions of one value differ (a fresh nonce each time)', (where, value) => {
    const a = encryptValue(key, where, value);
    const b = encryptValue(key, where, value);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
  });
});
