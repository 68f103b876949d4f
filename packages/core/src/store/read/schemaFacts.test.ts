import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { z } from 'zod';
import { fastCheck } from './fastDataCheck';
import { schemaFacts } from './schemaFacts';

// What the fast data check builds on, read from zod's definitions: if a zod
// release moves them, these fail here rather than the fast checks quietly
// going back to zod (or worse).
describe('schemaFacts', () => {
  test('a text schema: its transform, lengths and pattern, in order', () => {
    const facts = schemaFacts(
      z
        .string()
        .trim()
        .min(1)
        .max(5)
        .regex(/^[a-z]+$/),
    );
    expect(facts).toMatchObject({ type: 'string', format: undefined, coerce: false });
    expect(facts.checks.map((c) => c.check)).toEqual(['overwrite', 'min_length', 'max_length', 'regex']);
    const [trim] = facts.checks;
    expect(trim?.check === 'overwrite' && trim.tx('  ab ')).toBe('ab');
    expect(facts.checks[1]).toMatchObject({ check: 'min_length', minimum: 1 });
    expect(facts.checks[2]).toMatchObject({ check: 'max_length', maximum: 5 });
  });

  test('formats, coercion and refinements are told apart', () => {
    expect(schemaFacts(z.email())).toMatchObject({ type: 'string', format: 'email' });
    expect(schemaFacts(z.coerce.string())).toMatchObject({ type: 'string', coerce: true });
    expect(schemaFacts(z.string().refine((v) => v !== 'x')).checks).toEqual([{ check: 'other' }]);
    expect(schemaFacts(z.iso.datetime({ offset: true }))).toMatchObject({
      type: 'datetime',
      offset: true,
      local: false,
      precision: null,
    });
    expect(schemaFacts(z.iso.datetime({ precision: 3 }))).toMatchObject({
      type: 'datetime',
      offset: false,
      precision: 3,
    });
  });

  test('numbers: bounds, whole numbers and formats', () => {
    const facts = schemaFacts(z.number().int().positive().max(10));
    expect(facts).toMatchObject({ type: 'number', format: undefined });
    expect(facts.checks).toEqual([
      { check: 'safeint', conditional: false },
      { check: 'greater_than', value: 0, inclusive: false, conditional: false },
      { check: 'less_than', value: 10, inclusive: true, conditional: false },
    ]);
    expect(schemaFacts(z.int())).toMatchObject({ type: 'number', format: 'safeint' });
    expect(schemaFacts(z.number().multipleOf(2)).checks).toEqual([{ check: 'other' }]);
  });

  test('enums, optionals and objects', () => {
    expect(schemaFacts(z.enum(['a', 'b']))).toMatchObject({ type: 'enum', values: new Set(['a', 'b']) });
    expect(schemaFacts(z.string().optional())).toMatchObject({ type: 'optional', defaulted: false });
    expect(schemaFacts(z.string().default('x').optional())).toMatchObject({ type: 'optional', defaulted: true });
    expect(schemaFacts(z.strictObject({ a: z.string() }))).toMatchObject({ type: 'object', strict: true });
    expect(schemaFacts(z.object({ a: z.string() }))).toMatchObject({ type: 'object', strict: false });
    expect(schemaFacts(z.array(z.string()))).toMatchObject({ type: 'other' });
  });
});

// The text check runs whatever transform comes first (not only `.trim()`):
// for each, the fast check must never accept what zod refuses.
const transformed = [
  z.string().trim().min(2).max(4),
  z
    .string()
    .toLowerCase()
    .regex(/^[a-z]+$/),
  z.string().toUpperCase().max(3),
  z.string().normalize('NFKC').min(1).max(2),
  z.string().trim().toLowerCase().min(1),
];
const text = fc.string({ unit: fc.constantFrom(...'aZ \t\u00a0ﬀé\u0301x'), maxLength: 6 });

test.prop([fc.nat(transformed.length - 1), fc.oneof(text, fc.constant(42), fc.constant(null))], { numRuns: 3000 })(
  'a text schema with a transform first: the fast check accepts only what zod accepts',
  (index, value) => {
    const schema = transformed[index]!;
    const check = fastCheck(schema);
    expect(check).toBeDefined();
    if (check?.(value) === true) expect(schema.safeParse(value).success).toBe(true);
  },
);

test('and it does accept text that passes', () => {
  expect(transformed.map((schema) => fastCheck(schema)?.(' AbCd '))).toEqual([true, false, false, false, true]);
  expect(fastCheck(transformed[1]!)?.('AbC')).toBe(true);
  expect(fastCheck(transformed[2]!)?.('abc')).toBe(true);
});
