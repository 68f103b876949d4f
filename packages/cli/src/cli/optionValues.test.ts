import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { parseIsoDate, parseWholeNumber } from './optionValues';

const instant = fc.date({
  min: new Date('0001-01-01T00:00:00Z'),
  max: new Date('9999-12-31T23:59:59.999Z'),
  noInvalidDate: true,
});

describe('parseIsoDate', () => {
  test.prop([instant])('reads every instant back from its ISO form, and from the same instant at any offset', (t) => {
    expect(parseIsoDate(t.toISOString())?.getTime()).toBe(t.getTime());
    const shifted = new Date(t.getTime() - 90 * 60_000).toISOString().replace('Z', '-01:30');
    if (/^\d{4}-/.test(shifted)) expect(parseIsoDate(shifted)?.getTime()).toBe(t.getTime());
  });

  test.prop([fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })])(
    'a day is accepted exactly when the calendar has it',
    (year, month, day) => {
      const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const t = new Date(0);
      t.setUTCFullYear(year, month - 1, day);
      const exists = t.getUTCDate() === day;
      expect(parseIsoDate(text)?.getTime()).toBe(exists ? t.getTime() : undefined);
    },
  );

  test.each([
    'March 3',
    '1',
    '2026-3-1',
    '2026-03-01T10:00:00',
    '2026-03-01 10:00:00Z',
    '2026-03-01T24:00:00Z',
    '2026-03-01T10:60Z',
    '2026-03-01T10:00:60Z',
    '2026-03-01T10:00+24:00',
    ' 2026-03-01',
  ])('refuses "%s"', (text) => {
    expect(parseIsoDate(text)).toBeUndefined();
  });
});

describe('parseWholeNumber', () => {
  test.prop([fc.nat()])('reads every whole number from its decimal digits', (n) => {
    expect(parseWholeNumber(String(n))).toBe(n);
  });

  test.each(['1e1', '0x3', ' 3', '3 ', '3.0', '-1', '+3', '', '99999999999999999999'])('refuses "%s"', (text) => {
    expect(parseWholeNumber(text)).toBeUndefined();
  });
});
