import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { isRedressError } from '../errors/redressError';
import { ephemeralKek, kekFingerprint, secretKek } from './kek';

const secret = randomBytes(32);
const dataKey = randomBytes(32);
const context = (subjectId: string, kek: { id: string }) => ({ subjectId, kekId: kek.id });

const failure = async (work: () => unknown): Promise<Error & { code?: string }> => {
  try {
    await work();
  } catch (error) {
    expect(isRedressError(error), String(error)).toBe(true);
    return error as Error & { code: string };
  }
  throw new Error('expected a RedressError');
};

describe('the key-encryption key made from a secret', () => {
  test('wraps a data key so that it unwraps to the same bytes, and the wrapped form is not the key', () => {
    const kek = secretKek(secret);
    const wrapped = kek.wrap(dataKey, context('S-1', kek)) as Uint8Array;
    expect(Buffer.from(wrapped).includes(dataKey)).toBe(false);
    expect(Buffer.from(kek.unwrap(wrapped, context('S-1', kek)) as Uint8Array).equals(dataKey)).toBe(true);
  });

  test('a wrapped key moved to another subject, or unwrapped with another secret, is TAMPERED', async () => {
    const kek = secretKek(secret, { id: 'prod' });
    const wrapped = kek.wrap(dataKey, context('S-1', kek)) as Uint8Array;
    expect((await failure(() => kek.unwrap(wrapped, context('S-2', kek)))).code).toBe('TAMPERED');
    const other = secretKek(randomBytes(32), { id: 'prod' });
    const error = await failure(() => other.unwrap(wrapped, context('S-1', other)));
    expect(error.code).toBe('TAMPERED');
    expect(error.message).toContain('S-1');
    expect(error.message).not.toContain(secret.toString('hex'));
  });

  test('any flipped byte of the wrapped key is TAMPERED', async () => {
    const kek = secretKek(secret);
    const wrapped = kek.wrap(dataKey, context('S-1', kek)) as Uint8Array;
    for (let i = 0; i < wrapped.length; i++) {
      const changed = Uint8Array.from(wrapped);
      changed[i] = (changed[i] as number) ^ 0x01;
      expect((await failure(() => kek.unwrap(changed, context('S-1', kek)))).code).toBe('TAMPERED');
    }
  });

  test('reads the secret as bytes, hex or base64, all the same key', () => {
    const kek = secretKek(secret);
    const wrapped = kek.wrap(dataKey, context('S-1', kek)) as Uint8Array;
    for (const form of [
      secret.toString('hex'),
      secret.toString('base64'),
      secret.toString('base64url'),
      ` ${secret.toString('base64')}\n`,
    ]) {
      const again = secretKek(form);
      expect(again.id).toBe(kek.id);
      expect(Buffer.from(again.unwrap(wrapped, context('S-1', again)) as Uint8Array).equals(dataKey)).toBe(true);
    }
  });

  test('the default id is a fingerprint: stable for a secret, different for another', () => {
    expect(secretKek(secret).id).toBe(kekFingerprint(secret));
    expect(secretKek(secret).id).toMatch(/^kek-[0-9a-f]{16}$/);
    expect(secretKek(randomBytes(32)).id).not.toBe(secretKek(secret).id);
    expect(kekFingerprint(secret)).not.toContain(secret.toString('hex').slice(0, 16));
  });

  test.each([
    ['a short secret', randomBytes(16)],
    ['a password', 'correct horse battery staple'],
    ['nothing', undefined],
    ['31 bytes of base64', randomBytes(31).toString('base64')],
  ])('%s is refused with VALIDATION that does not show it', async (_what, value) => {
    const error = await failure(() => secretKek(value as string));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('openssl rand -base64 32');
    if (typeof value === 'string') expect(error.message).not.toContain(value);
  });

  test('an id that could not sit in a message or a column is refused', async () => {
    expect((await failure(() => secretKek(secret, { id: 'my key\n' }))).code).toBe('VALIDATION');
  });

  test('ephemeral keys differ per call and only open what they wrapped', async () => {
    const a = ephemeralKek();
    const b = ephemeralKek();
    expect(a.id).toMatch(/^ephemeral-/);
    expect(a.id).not.toBe(b.id);
    const wrapped = a.wrap(dataKey, context('S-1', a)) as Uint8Array;
    expect((await failure(() => b.unwrap(wrapped, context('S-1', b)))).code).toBe('TAMPERED');
  });
});
