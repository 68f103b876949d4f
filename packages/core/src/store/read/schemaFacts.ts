import type * as core from 'zod/v4/core';

// The one place the read path looks inside a zod schema: its definition, through
// the types `zod/v4/core` publishes for library authors (`_zod.def`, an enum's
// `_zod.values`, an optional's `_zod.optin`). Everything else reads the facts
// below, so a change in zod's definitions shows up here alone, as a type error
// or as a schema described as "other" (and then checked by zod itself).

/** A check of a string or number schema, as far as the fast data check reads it. */
export type CheckFacts =
  | { readonly check: 'min_length'; readonly minimum: number; readonly conditional: boolean }
  | { readonly check: 'max_length'; readonly maximum: number; readonly conditional: boolean }
  /** A transform of the value, such as `.trim()`, whose output the later checks see. */
  | { readonly check: 'overwrite'; readonly tx: (value: unknown) => unknown; readonly conditional: boolean }
  | { readonly check: 'regex'; readonly pattern: RegExp; readonly conditional: boolean }
  | { readonly check: 'safeint'; readonly conditional: boolean }
  | {
      readonly check: 'greater_than' | 'less_than';
      readonly value: number;
      readonly inclusive: boolean;
      readonly conditional: boolean;
    }
  | { readonly check: 'other' };

/** What a schema is: its kind, the facts of that kind, and its checks. */
export type SchemaFacts = { readonly coerce: boolean; readonly checks: readonly CheckFacts[] } & (
  | { readonly type: 'string'; readonly format: string | undefined }
  | { readonly type: 'datetime'; readonly offset: boolean; readonly local: boolean; readonly precision: number | null }
  | { readonly type: 'number'; readonly format: string | undefined }
  | { readonly type: 'boolean' }
  | { readonly type: 'enum'; readonly values: ReadonlySet<unknown> }
  | { readonly type: 'optional'; readonly inner: core.$ZodType; readonly defaulted: boolean }
  | { readonly type: 'object'; readonly shape: Readonly<Record<string, core.$ZodType>>; readonly strict: boolean }
  | { readonly type: 'union'; readonly options: readonly core.$ZodType[] }
  | { readonly type: 'other' }
);

const checkFacts = (check: core.$ZodCheck<never>): CheckFacts => {
  const def = (check as core.$ZodChecks)._zod.def;
  const conditional = def.when !== undefined;
  switch (def.check) {
    case 'min_length':
      return { check: 'min_length', minimum: def.minimum, conditional };
    case 'max_length':
      return { check: 'max_length', maximum: def.maximum, conditional };
    case 'overwrite':
      return { check: 'overwrite', tx: def.tx, conditional };
    case 'string_format':
      return def.format === 'regex' && def.pattern instanceof RegExp
        ? { check: 'regex', pattern: def.pattern, conditional }
        : { check: 'other' };
    case 'number_format':
      return def.format === 'safeint' ? { check: 'safeint', conditional } : { check: 'other' };
    case 'greater_than':
    case 'less_than':
      return typeof def.value === 'number'
        ? { check: def.check, value: def.value, inclusive: def.inclusive, conditional }
        : { check: 'other' };
    default:
      return { check: 'other' };
  }
};

/**
 * The facts of a zod schema the fast data check builds on: its kind, its checks
 * (lengths, transforms, patterns, bounds), an enum's values, an object's shape.
 * Kinds the fast check does not know come back as `other`.
 *
 * @example
 * schemaFacts(z.string().max(10)); // { type: 'string', format: undefined, coerce: false, checks: [{ check: 'max_length', maximum: 10, conditional: false }] }
 */
export const schemaFacts = (schema: core.$ZodType): SchemaFacts => {
  const def = (schema as core.$ZodTypes)._zod.def;
  const checks = (def.checks ?? []).map(checkFacts);
  const coerce = 'coerce' in def && def.coerce === true;
  const format = 'format' in def && typeof def.format === 'string' ? def.format : undefined;
  switch (def.type) {
    case 'string': {
      if (format !== 'datetime') return { type: 'string', format, coerce, checks };
      const iso = def as core.$ZodISODateTimeDef;
      return { type: 'datetime', offset: iso.offset, local: iso.local, precision: iso.precision, coerce, checks };
    }
    case 'number':
      return { type: 'number', format, coerce, checks };
    case 'boolean':
      return { type: 'boolean', coerce, checks };
    case 'enum': {
      const { values } = (schema as core.$ZodEnum)._zod;
      return values instanceof Set ? { type: 'enum', values, coerce, checks } : { type: 'other', coerce, checks };
    }
    case 'optional':
      return {
        type: 'optional',
        inner: def.innerType,
        defaulted: def.innerType._zod.optin === 'defaulted',
        coerce,
        checks,
      };
    case 'object': {
      const strict = def.catchall !== undefined && (def.catchall as core.$ZodTypes)._zod.def.type === 'never';
      return { type: 'object', shape: def.shape, strict, coerce, checks };
    }
    case 'union':
      // A discriminated or exclusive union has rules of its own: zod decides those.
      return 'discriminator' in def || (def as { inclusive?: unknown }).inclusive === false
        ? { type: 'other', coerce, checks }
        : { type: 'union', options: def.options, coerce, checks };
    default:
      return { type: 'other', coerce, checks };
  }
};
