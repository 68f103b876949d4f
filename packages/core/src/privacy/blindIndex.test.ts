import { randomBytes } from 'node:crypto';
import { test as propTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isRedressError } from '../errors/redressError';
import { blindIndex, normaliseEmail, normalisePhone } from './blindIndex';

const index = blindIndex(randomBytes(32));

describe('the blind index', () => {
  test('different ways of writing one phone number give one token', () => {
    const forms = [
      '+86 138 0000 0000',
      '+86-138-0000-0000',
      '+86 (138) 0000 0000',
      '+8613800000000',
      ' 86 138 0000 0000 ',
      '+８６ １３８ ００００ ００００',
    ];
    expect(new Set(forms.map(normalisePhone))).toEqual(new Set(['8613800000000']));
    expect(new Set(forms.map((f) => index.phone(f))).size).toBe(1);
  });

  test('another number, or the same without its country code, gives another token', () => {
    expect(index.phone('+86 138 0000 0001')).not.toBe(index.phone('+86 138 0000 0000'));
    expect(index.phone('138 0000 0000')).not.toBe(index.phone('+86 138 0000 0000'));
  });

  test('emails are compared trimmed and lower-cased', () => {
    expect(normaliseEmail('  Li.Wei@Example.COM ')).toBe('li.wei@example.com');
    expect(index.email('Li.Wei@Example.COM')).toBe(index.email('li.wei@example.com '));
    expect(index.email('li.wei@example.com')).not.toBe(index.email('li.wei@example.org'));
  });

  propTest.prop([fc.stringMatching(/^[0-9]{3,15}$/)])(
    'another index key gives another token; a phone and an email never share one',
    (digits) => {
      const other = blindIndex(randomBytes(32));
      expect(other.phone(digits)).not.toBe(index.phone(digits));
      expect(index.email(`${digits}@x`)).not.toBe(index.phone(digits));
    },
  );

  propTest.prop([fc.emailAddress()])('a token is 43 base64url characters and does not contain the value', (email) => {
    const token = index.email(email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token.includes(email)).toBe(false);
  });

  test('one index key, given as bytes or as text, gives the same tokens', () => {
    const key = randomBytes(32);
    expect(blindIndex(key.toString('base64')).phone('+1 202 555 0100')).toBe(blindIndex(key).phone('+1 202 555 0100'));
  });

  test.each([
    ['a phone with fewer than 3 digits', () => index.phone('+1 (2)')],
    ['an email without a domain', () => index.email('li.wei@')],
    ['an email without @', () => index.email('li.wei example.com')],
    ['a short index key', () => blindIndex(randomBytes(8))],
  ])('%s is VALIDATION, without the value in the message', (_what, work) => {
    try {
      work();
      expect.unreachable();
    } catch (error) {
      expect(isRedressError(error, 'VALIDATION')).toBe(true);
      expect((error as Error).message).not.toMatch(/li\.wei|\(2\)/);
    }
  });
});
