import type * as core from 'zod/v4/core';
import { isEncryptedValue } from '../../privacy/encryptedValue';
import { encryptedValueSchema } from '../../privacy/storedSchemas';
import { isoMoment } from './isoMoment';
import { schemaFacts, type CheckFacts } from './schemaFacts';

// The data check, sped up the way the envelope's is: for the simple schemas most
// events have (strict objects of strings, enums, booleans, optional fields), a
// check derived from the zod schema itself — its own length limits, transforms,
// patterns, number bounds and enum values — accepts the data without zod's parse
// machinery.
// It only ever accepts what zod accepts (the property test holds it to that);
// whatever it does not accept, or a schema it does not understand, goes to zod.

/** Accepts only values its zod schema accepts; `false` means "ask zod". */
export type Accepts = (value: unknown) => boolean;

/**
 * The length in UTF-16 units from which text surely meets zod's `min(minimum)`,
 * whether zod counts units or code points (a code point is one or two units):
 * up to 1 the two counts agree on it; anything shorter goes to zod.
 */
const surelyLong = (minimum: number): number => (minimum <= 1 ? minimum : 2 * minimum);

/** `pattern` matches `v`, from the start of `v` even for a global or sticky pattern. */
const matches = (pattern: RegExp, v: string): boolean => {
  pattern.lastIndex = 0;
  return pattern.test(v);
};

/** One step of a string's checks: the value for the next step, or undefined to refuse. */
type Step = (value: string) => string | undefined;
const stringStep = (c: CheckFacts): Step | undefined => {
  if (c.check === 'min_length') {
    const least = surelyLong(c.minimum);
    return (v) => (v.length >= least ? v : undefined);
  }
  if (c.check === 'max_length') {
    const most = c.maximum;
    return (v) => (v.length <= most ? v : undefined);
  }
  // A transform zod might skip (`when`) would change what later checks see.
  if (c.check === 'overwrite' && !c.conditional) {
    const { tx } = c;
    return (v) => {
      const out = tx(v);
      return typeof out === 'string' ? out : undefined;
    };
  }
  if (c.check === 'regex') {
    const { pattern } = c;
    return (v) => (matches(pattern, v) ? v : undefined);
  }
  return undefined;
};

/**
 * The usual text schema — an optional transform first (`.trim()`, say), then
 * length limits and at most one pattern — checked in one function: the general
 * steps cost a call each through a list, several times what the tests themselves
 * cost, for every event read. Undefined for any other list of checks.
 */
const plainString = (checks: readonly CheckFacts[]): Accepts | undefined => {
  const [first] = checks;
  const tx = first?.check === 'overwrite' && !first.conditional ? first.tx : undefined;
  let least = 0;
  let most = Number.POSITIVE_INFINITY;
  let pattern: RegExp | undefined;
  for (const c of tx === undefined ? checks : checks.slice(1)) {
    // zod's `when` on a length check only asks that the value has a length,
    // which text always has.
    if (c.check === 'min_length') least = Math.max(least, surelyLong(c.minimum));
    else if (c.check === 'max_length') most = Math.min(most, c.maximum);
    else if (c.check === 'regex' && pattern === undefined) pattern = c.pattern;
    else return undefined;
  }
  const re = pattern;
  return (value) => {
    if (typeof value !== 'string') return false;
    const v = tx === undefined ? value : tx(value);
    if (typeof v !== 'string' || v.length < least || v.length > most) return false;
    return re === undefined || matches(re, v);
  };
};

/** One bound or format of a number's checks, or undefined for a check this does not know. */
const numberTest = (c: CheckFacts): ((v: number) => boolean) | undefined => {
  if (c.check === 'other' || c.conditional) return undefined;
  if (c.check === 'safeint') return Number.isSafeInteger;
  if (c.check !== 'greater_than' && c.check !== 'less_than') return undefined;
  const { value, inclusive } = c;
  if (c.check === 'greater_than') return inclusive ? (v) => v >= value : (v) => v > value;
  return inclusive ? (v) => v <= value : (v) => v < value;
};

/** A strict object's check from its fields' checks, or undefined if any field has none. */
const strictObject = (shape: Readonly<Record<string, core.$ZodType>>): Accepts | undefined => {
  const keys = Object.keys(shape);
  const fields = keys.map((key) => fastCheck(shape[key]!));
  if (
    Object.getOwnPropertySymbols(shape).length > 0 ||
    keys.includes('__proto__') ||
    fields.some((f) => f === undefined)
  )
    return undefined;
  if (keys.length === 1) {
    // One field (a note, a reason): compared with its name, not looked up in a list.
    const [key] = keys as [string];
    const field = fields[0]!;
    return (value) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
      for (const k in value) if (k !== key) return false;
      return field((value as Record<string, unknown>)[key]);
    };
  }
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    // No unknown keys, found as zod's strict object finds them: by for…in.
    for (const key in value) if (!keys.includes(key)) return false;
    const record = value as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) if (!fields[i]!(record[keys[i]!])) return false;
    return true;
  };
};

/**
 * A fast check for `schema`, or undefined when it is not one of the simple kinds.
 *
 * @example
 * fastCheck(z.strictObject({ text: z.string().max(10) }))?.({ text: 'hi' }); // true
 */
export const fastCheck = (schema: core.$ZodType): Accepts | undefined => {
  // An encrypted field: the envelope's own check accepts exactly what its schema does.
  if (schema === (encryptedValueSchema as core.$ZodType)) return isEncryptedValue;
  const facts = schemaFacts(schema);
  const { checks } = facts;
  if (facts.type === 'datetime') {
    // `z.iso.datetime({ offset: true })` with no precision accepts every string isoMoment accepts.
    const plain = !facts.coerce && facts.offset && !facts.local && facts.precision == null && checks.length === 0;
    return plain ? isoMoment : undefined;
  }
  if (facts.type === 'string') {
    if (facts.coerce || facts.format !== undefined) return undefined;
    const plain = plainString(checks);
    if (plain !== undefined) return plain;
    const steps = checks.map(stringStep);
    if (steps.some((step) => step === undefined)) return undefined;
    return (value) => {
      if (typeof value !== 'string') return false;
      let v: string | undefined = value;
      for (let i = 0; i < steps.length && v !== undefined; i++) v = steps[i]!(v);
      return v !== undefined;
    };
  }
  if (facts.type === 'number') {
    if (facts.coerce || facts.format !== undefined) return undefined;
    const tests = checks.map(numberTest);
    if (tests.some((t) => t === undefined)) return undefined;
    // zod's number refuses NaN and the infinities before any check.
    return (value) => typeof value === 'number' && Number.isFinite(value) && tests.every((t) => t!(value));
  }
  if (checks.length > 0) return undefined;
  if (facts.type === 'boolean') return facts.coerce ? undefined : (value) => typeof value === 'boolean';
  if (facts.type === 'enum') {
    const { values } = facts;
    return (value) => values.has(value);
  }
  if (facts.type === 'optional') {
    if (facts.defaulted) return undefined;
    // An optional field of a kind this does not know (an email, a list) passes only when absent; present, zod decides.
    const inner = fastCheck(facts.inner) ?? (() => false);
    return (value) => value === undefined || inner(value);
  }
  if (facts.type === 'object' && facts.strict) return strictObject(facts.shape);
  if (facts.type === 'union') {
    // zod's union accepts a value one of its options accepts; options without a fast check say "ask zod".
    const options = facts.options.map((o) => fastCheck(o) ?? (() => false));
    if (options.length === 2) {
      const [a, b] = options as [Accepts, Accepts];
      return (value) => a(value) || b(value);
    }
    return (value) => options.some((o) => o(value));
  }
  return undefined;
};
