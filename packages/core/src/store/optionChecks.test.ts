import { fc, test } from '@fast-check/vitest';
import { refusalOf } from '@redress/testing';
import { describe, expect } from 'vitest';
import { EVENT_TYPES } from '../domain/events';
import { isRedressError } from '../errors/redressError';
import { optionChecks } from './optionChecks';

const check = optionChecks('someStore');
const [type] = EVENT_TYPES as unknown as [string];
const lift = (data: unknown) => data;

describe('optionChecks', () => {
  test.prop([
    fc.oneof(
      fc.constantFrom<unknown>(
        'x',
        42,
        null,
        true,
        [],
        () => ({}),
        { NoSuchEvent: { 1: lift } },
        { [type]: 'x' },
        { [type]: { 1: 'not a function' } },
      ),
      fc.constantFrom<unknown>(
        { [type]: { 0: lift } },
        { [type]: { first: lift } },
        { [type]: { '01': lift } },
        { [type]: [lift] },
      ),
    ),
  ])(
    'upcasters of any other shape than functions by event type and version are VALIDATION naming upcasters',
    (upcasters) => {
      const error = refusalOf(() => check.upcasters(upcasters));
      expect(isRedressError(error, 'VALIDATION'), String(error)).toBe(true);
      expect(error.message).toMatch(/^someStore: upcasters/);
    },
  );

  test('upcasters of the right shape, or none, are given back', () => {
    const upcasters = { [type]: { 1: lift, 2: lift } };
    expect(check.upcasters(upcasters)).toBe(upcasters);
    expect(check.upcasters({})).toEqual({});
    expect(check.upcasters(undefined)).toBeUndefined();
  });

  test.prop([fc.integer({ min: -50, max: 150 }), fc.integer({ min: 0, max: 100 })])(
    'a count is accepted exactly when it is a whole number in range',
    (value, fallback) => {
      const range = { min: 1, max: 100 };
      if (value >= range.min && value <= range.max) expect(check.count({ n: value }, 'n', range, fallback)).toBe(value);
      else
        expect(
          isRedressError(
            refusalOf(() => check.count({ n: value }, 'n', range, fallback)),
            'VALIDATION',
          ),
        ).toBe(true);
      expect(check.count({}, 'n', range, fallback)).toBe(fallback);
    },
  );

  test.each([1.5, Number.NaN, '5', null, 5n])('a count of %s is refused', (value) => {
    expect(refusalOf(() => check.count({ n: value }, 'n', { min: 1, max: 100 }, 1)).message).toContain(
      'n must be a whole number from 1 to 100',
    );
  });
});
