import { z } from 'zod';
import { isoMoment } from './isoMoment';

// The data check, sped up the way the envelope's is: for the simple schemas most
// events have (strict objects of strings, enums, booleans, optional fields), a
// check derived from the zod schema itself — its own length limits, transforms,
// patterns, number bounds and enum values — accepts the data without zod's parse
// machinery.
// It only ever accepts what zod accepts (the property test holds it to that);
// whatever it does not accept, or a schema it does not understand, goes to zod.

/** Accepts only values its zod schema accepts; `false` means "ask zod". */
export type Accepts = (value: unknown) => boolean;
interface Def {
  readonly type: string;
  // Of an ISO datetime string.
  readonly offset?: boolean;
  readonly local?: boolean;
  readonly precision?: number | null;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
  readonly coerce?: boolean;
  readonly format?: string;
  readonly innerType?: z.ZodType;
  readonly catchall?: z.ZodType;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
}
interface CheckDef {
  readonly check: string;
  readonly value?: unknown;
  readonly inclusive?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly tx?: (value: unknown) => unknown;
  readonly format?: string;
  readonly pattern?: RegExp;
  readonly when?: unknown;
}
const defOf = (schema: z.ZodType) => schema._zod.def as unknown as Def;

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
const stringStep = (c: CheckDef): Step | undefined => {
  const { minimum, maximum, tx, pattern } = c;
  if (c.check === 'min_length' && minimum !== undefined) {
    const least = surelyLong(minimum);
    return (v) => (v.length >= least ? v : undefined);
  }
  if (c.check === 'max_length' && maximum !== undefined) return (v) => (v.length <= maximum ? v : undefined);
  // A transform zod might skip (`when`) would change what later checks see.
  if (c.check === 'overwrite' && tx !== undefined && c.when === undefined) {
    return (v) => {
      const out = tx(v);
      return typeof out === 'string' ? out : undefined;
    };
  }
  if (c.check === 'string_format' && c.format === 'regex' && pattern instanceof RegExp) {
    return (v) => (matches(pattern, v) ? v : undefined);
  }
  return undefined;
};

// zod's own `.trim()`, known by its source text: a function of its argument
// alone, so the same text is the same transform. Taken from the zod this module
// uses, so a bundler that rewrites zod's source rewrites this one alike.
const TRIM = String(defOf(z.string().trim()).checks?.[0]?._zod.def.tx);
const isTrim = (c: CheckDef) => c.check === 'overwrite' && c.when === undefined && c.tx !== undefined && String(c.tx) === TRIM;

/**
 * No character at either end that `trim` could take away: what trim would give
 * back is the text itself, and the call costs more than the rest of the check.
 * Characters of the ranges that hold white space or line ends count as
 * taken, so anything unsure goes to `trim`.
 */
const unpadded = (v: string): boolean => v.length > 0 && kept(v.charCodeAt(0)) && kept(v.charCodeAt(v.length - 1));
const kept = (c: number): boolean => (c > 0x20 && c < 0x7f) || (c > 0xa0 && c < 0x1680) || (c > 0x3000 && c < 0xfeff);

/**
 * The usual text schema — an optional trim, then length limits and at most one
 * pattern — checked in one function: the general steps cost a call each through
 * a list, several times what the tests themselves cost, for every event read.
 * Undefined for any other list of checks.
 */
const plainString = (checks: readonly CheckDef[]): Accepts | undefined => {
  const trim = checks[0] !== undefined && isTrim(checks[0]);
  let least = 0;
  let most = Number.POSITIVE_INFINITY;
  let pattern: RegExp | undefined;
  for (const c of trim ? checks.slice(1) : checks) {
    // zod's `when` on a length check only asks that the value has a length,
    // which text always has.
    if (c.check === 'min_length' && c.minimum !== undefined) least = Math.max(least, surelyLong(c.minimum));
    else if (c.check === 'max_length' && c.maximum !== undefined) most = Math.min(most, c.maximum);
    else if (c.check === 'string_format' && c.format === 'regex' && c.pattern instanceof RegExp && pattern === undefined) pattern = c.pattern;
    else return undefined;
  }
  const re = pattern;
  return (value) => {
    if (typeof value !== 'string') return false;
    const v = trim && !unpadded(value) ? value.trim() : value;
    if (v.length < least || v.length > most) return false;
    return re === undefined || matches(re, v);
  };
};

/** One bound or format of a number's checks, or undefined for a check this does not know. */
const numberTest = (c: CheckDef): ((v: number) => boolean) | undefined => {
  const { value, inclusive } = c;
  if (c.when !== undefined) return undefined;
  if (c.check === 'number_format' && c.format === 'safeint') return Number.isSafeInteger;
  if (typeof value !== 'number') return undefined;
  if (c.check === 'greater_than') return inclusive === true ? (v) => v >= value : (v) => v > value;
  if (c.check === 'less_than') return inclusive === true ? (v) => v <= value : (v) => v < value;
  return undefined;
};

/**
 * A fast check for `schema`, or undefined when it is not one of the simple kinds.
 *
 * @example
 * fastCheck(z.strictObject({ text: z.string().max(10) }))?.({ text: 'hi' }); // true
 */
export const fastCheck = (schema: z.ZodType): Accepts | undefined => {
  const def = defOf(schema);
  if (def.type === 'string' && def.format === 'datetime') {
    // `z.iso.datetime({ offset: true })` with no precision accepts every string isoMoment accepts.
    const plain = def.coerce !== true && def.offset === true && def.local !== true && def.precision == null && (def.checks ?? []).length === 0;
    return plain ? isoMoment : undefined;
  }
  if (def.type === 'string') {
    if (def.coerce === true || def.format !== undefined) return undefined;
    const checks = (def.checks ?? []).map((c) => c._zod.def);
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
  if (def.type === 'number') {
    if (def.coerce === true || def.format !== undefined) return undefined;
    const tests = (def.checks ?? []).map((c) => numberTest(c._zod.def));
    if (tests.some((t) => t === undefined)) return undefined;
    // zod's number refuses NaN and the infinities before any check.
    return (value) => typeof value === 'number' && Number.isFinite(value) && tests.every((t) => t!(value));
  }
  if ((def.checks ?? []).length > 0) return undefined;
  if (def.type === 'boolean') return def.coerce === true ? undefined : (value) => typeof value === 'boolean';
  if (def.type === 'enum') {
    const values = (schema._zod as { values?: ReadonlySet<unknown> }).values;
    return values === undefined ? undefined : (value) => values.has(value);
  }
  if (def.type === 'optional' && def.innerType !== undefined) {
    if (def.innerType._zod.optin === 'defaulted') return undefined;
    // An optional field of a kind this does not know (an email, a list) passes only when absent; present, zod decides.
    const inner = fastCheck(def.innerType) ?? (() => false);
    return (value) => value === undefined || inner(value);
  }
  if (def.type === 'object' && def.shape !== undefined && def.catchall !== undefined && defOf(def.catchall).type === 'never') {
    const shape = def.shape;
    const keys = Object.keys(shape);
    const fields = keys.map((key) => fastCheck(shape[key]!));
    if (Object.getOwnPropertySymbols(shape).length > 0 || keys.includes('__proto__') || fields.some((f) => f === undefined)) return undefined;
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
  }
  return undefined;
};
