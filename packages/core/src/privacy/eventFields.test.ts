import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { isRedressError } from '../errors/redressError';
import { importDataKey, type DataKey } from './dataKey';
import { isEncryptedValue } from './encryptedValue';
import { ERASED, isErased } from './erased';
import { decryptFields, decryptSealed, encryptedKeyIds, encryptFields, sealedValues } from './eventFields';
import { privateFields, defaultPrivacyPolicy } from './privacyPolicy';

const key = importDataKey('S-1', randomBytes(32));
const received = {
  channel: 'phone',
  category: 'quality',
  complainant: { name: '王芳', phone: '+86 138 0000 0000', email: 'wang.fang@example.com', customerId: 'CU-9' },
  summary: 'Kettle leaks after two days',
  desiredRemedy: 'replacement',
};
const event = { streamId: 'C-17', version: 1, type: 'ComplaintReceived' } as const;
const paths = privateFields(defaultPrivacyPolicy, 'ComplaintReceived');
const keys = (entries: Record<string, DataKey | typeof ERASED>) => (kid: string) => entries[kid];

const codeOf = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (error) {
    return isRedressError(error) ? error.code : `not a RedressError: ${String(error)}`;
  }
  return undefined;
};

describe('encrypting the personal fields of an event', () => {
  test('the named fields are sealed; channel, category and customerId stay clear; the input is untouched', () => {
    const before = structuredClone(received);
    const stored = encryptFields(received, event, paths, key);
    expect(received).toEqual(before);
    expect(stored.channel).toBe('phone');
    expect(stored.category).toBe('quality');
    expect(stored.complainant.customerId).toBe('CU-9');
    for (const value of [
      stored.complainant.name,
      stored.complainant.phone,
      stored.complainant.email,
      stored.summary,
      stored.desiredRemedy,
    ]) {
      expect(isEncryptedValue(value)).toBe(true);
    }
    // No address was given: none appears.
    expect(Object.hasOwn(stored.complainant, 'address')).toBe(false);
    const json = JSON.stringify(stored);
    for (const secret of ['王芳', '138 0000', 'wang.fang', 'Kettle', 'replacement']) expect(json).not.toContain(secret);
  });

  test('decrypting gives the data back, equal to what was sealed', () => {
    const stored = encryptFields(received, event, paths, key);
    expect(decryptFields(stored, event, keys({ 'S-1': key }))).toEqual(received);
    expect(encryptedKeyIds(stored)).toEqual(new Set(['S-1']));
  });

  test('encrypting twice leaves sealed fields as they are', () => {
    const once = encryptFields(received, event, paths, key);
    expect(encryptFields(once, event, paths, key)).toEqual(once);
  });

  test('with the key erased, every sealed field reads as the erased marker and the rest is unchanged', () => {
    const stored = encryptFields(received, event, paths, key);
    const read = decryptFields(stored, event, keys({ 'S-1': ERASED }));
    expect(isErased(read.complainant.name)).toBe(true);
    expect(isErased(read.summary)).toBe(true);
    expect(read.category).toBe('quality');
    expect(read.complainant.customerId).toBe('CU-9');
  });

  test('a key the lookup has never held is NOT_FOUND, not mistaken for erasure', () => {
    const stored = encryptFields(received, event, paths, key);
    expect(codeOf(() => decryptFields(stored, event, keys({})))).toBe('NOT_FOUND');
  });

  test('data written in clear (before encryption) passes through', () => {
    expect(decryptFields(received, event, keys({}))).toEqual(received);
    expect(encryptedKeyIds(received).size).toBe(0);
  });

  test('a sealed field copied into another event, or another field, is TAMPERED', () => {
    const stored = encryptFields(received, event, paths, key);
    const note = { text: stored.summary };
    expect(codeOf(() => decryptFields(note, { ...event, type: 'NoteAdded', version: 2 }, keys({ 'S-1': key })))).toBe(
      'TAMPERED',
    );
    const swapped = { ...stored, summary: stored.desiredRemedy };
    expect(codeOf(() => decryptFields(swapped, event, keys({ 'S-1': key })))).toBe('TAMPERED');
    const elsewhere = { ...event, streamId: 'C-18' };
    expect(codeOf(() => decryptFields(stored, elsewhere, keys({ 'S-1': key })))).toBe('TAMPERED');
  });

  test('a value that claims to be encrypted but is malformed is TAMPERED', () => {
    const stored = encryptFields(received, event, paths, key);
    const broken = { ...stored, summary: { $enc: 1, kid: 'S-1', iv: '!!', ct: 'x' } };
    expect(codeOf(() => decryptFields(broken, event, keys({ 'S-1': key })))).toBe('TAMPERED');
    const noKid = { ...stored, summary: { $enc: 1 } };
    expect(codeOf(() => decryptFields(noKid, event, keys({ 'S-1': key })))).toBe('TAMPERED');
  });

  test('an envelope with a member too many, or one renamed, is no encrypted value and is TAMPERED', () => {
    const stored = encryptFields(received, event, paths, key);
    const sealed = stored.summary as unknown as Record<string, unknown>;
    const { ct, ...withoutCt } = sealed;
    for (const odd of [{ ...sealed, extra: 'x' }, { ...withoutCt, tag: ct }, withoutCt]) {
      expect(isEncryptedValue(odd)).toBe(false);
      expect(codeOf(() => decryptFields({ ...stored, summary: odd }, event, keys({ 'S-1': key })))).toBe('TAMPERED');
    }
  });

  test('one pass finds every sealed value with its key id; decrypting what it found equals decryptFields', () => {
    const stored = encryptFields(received, event, paths, key);
    const damaged = { ...stored, desiredRemedy: { $enc: 1 } };
    const found = sealedValues(damaged);
    expect(found.map((f) => [f.path, f.kid])).toEqual([
      ['complainant.name', 'S-1'],
      ['complainant.phone', 'S-1'],
      ['complainant.email', 'S-1'],
      ['summary', 'S-1'],
      ['desiredRemedy', undefined],
    ]);
    const before = structuredClone(stored);
    const opened = decryptSealed(stored, event, sealedValues(stored), keys({ 'S-1': key }));
    expect(opened).toEqual(received);
    // The stored data, nested objects included, is left as it was.
    expect(stored).toEqual(before);
    expect(opened.complainant).not.toBe(stored.complainant);
    expect(codeOf(() => decryptSealed(damaged, event, found, keys({ 'S-1': key })))).toBe('TAMPERED');
  });

  test('messages name the place, never the value', () => {
    const stored = encryptFields(received, event, paths, key);
    const moved = { ...stored, summary: stored.complainant.name };
    try {
      decryptFields(moved, event, keys({ 'S-1': key }));
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain('summary');
      expect((error as Error).message).toContain('C-17');
      expect((error as Error).message).not.toContain('王芳');
    }
  });
});
