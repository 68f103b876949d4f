import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { personalValuesOf, REDACTED, withoutPersonalValues } from './redact';

// Values with at least two characters that are not blank: what a name, a phone or an address is.
const value = fc
  .string({ unit: 'grapheme', minLength: 2, maxLength: 24 })
  .filter((v) => [...v.trim()].length >= 2 && !v.includes('\uffff'));
const around = fc.string({ unit: 'grapheme', maxLength: 30 });
const encodings: readonly [string, (v: string) => string][] = [
  ['as is', (v) => v],
  ['JSON-escaped', (v) => JSON.stringify(v).slice(1, -1)],
  ['URL-encoded', encodeURIComponent],
  ['upper case', (v) => v.toUpperCase()],
  ['\\u-escaped', (v) => v.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)],
];

describe('withoutPersonalValues', () => {
  test.prop([value, around, around, fc.constantFrom(...encodings)])(
    'a value echoed in any usual encoding is not left in the text',
    (v, before, after, [, encode]) => {
      const lower = v.trim().toLowerCase();
      fc.pre(!before.toLowerCase().includes(lower) && !after.toLowerCase().includes(lower));
      // Spaces around it: a value of ASCII letters is matched as a word. The marker is taken out before
      // looking, so that its own letters, or a neighbour's, cannot spell the value again.
      const out = withoutPersonalValues(`${before} ${encode(v)} ${after}`, [v])
        .split(REDACTED)
        .join('\uffff');
      expect(out).not.toContain(encode(v.trim()));
      expect(out.toLowerCase()).not.toContain(v.trim().toLowerCase());
    },
  );

  test('the attack of the issue: a phone number and a name quoted by a receiver', () => {
    const name = '王芳‮\u0000';
    const phone = '+1 (2) 3';
    const out = withoutPersonalValues(`recipient "complainant" (${name}), "${phone}", has 3 digits`, [name, phone]);
    expect(out).toBe(`recipient "complainant" (${REDACTED}), "${REDACTED}", has 3 digits`);
  });

  test('a gateway that normalised the number still gives it back only redacted', () => {
    const out = withoutPersonalValues('invalid destination 8613800000000 (E.164: +8613800000000)', [
      '+86 138 0000 0000',
    ]);
    expect(out).not.toMatch(/13800000000|38000000|0000 0000/);
  });

  test('an SMTP reply that quotes the address, and any other email address, are cut out', () => {
    const out = withoutPersonalValues(
      '550 5.1.1 <Wang.Fang@Kettle-Owners.cn>: Recipient address rejected; cc boss@corp.cn',
      ['wang.fang@kettle-owners.cn'],
    );
    expect(out).not.toMatch(/wang|kettle|boss@corp/i);
    expect(out).toContain('550 5.1.1');
  });

  test('a short ASCII name is cut out only as a word, so the rest of the message stays readable', () => {
    expect(withoutPersonalValues('Announce: Ann refused', ['Ann'])).toBe(`Announce: ${REDACTED} refused`);
  });

  test('documentation addresses (example.com) stay: they are advice, not a person', () => {
    expect(withoutPersonalValues('write it like name@example.com', [])).toBe('write it like name@example.com');
  });

  test('personalValuesOf takes the name, address, subject and text of a payload, and nothing from other values', () => {
    expect(
      personalValuesOf({ to: { id: 'complainant', name: 'N', address: 'a@b.cn' }, subject: 'S', text: 'T', rule: 'r' }),
    ).toEqual(['N', 'a@b.cn', 'S', 'T']);
    expect(personalValuesOf(null)).toEqual([]);
    expect(personalValuesOf('text')).toEqual([]);
    expect(personalValuesOf({ to: null })).toEqual([]);
  });
});
