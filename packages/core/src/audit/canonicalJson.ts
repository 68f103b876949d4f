import { RedressError } from '../errors/redressError';

// JSON.stringify escapes only these in strings (and lone surrogates, so any surrogate
// takes the slow path): everything else can be quoted as it is, which saves a call
// into the engine per string and most of the cost of hashing an event.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

const quote = (s: string) => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);

/**
 * JSON with object keys sorted at every level and no white space, so the same
 * value always gives the same text. `undefined` members are left out, as
 * `JSON.stringify` does. Top-level keys in `omit` are left out too (what a hash
 * does not cover), which saves copying the object first.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 */
export const canonicalJson = (value: unknown, omit?: ReadonlySet<string>): string => {
  if (typeof value === 'string') return quote(value);
  if (value === null || typeof value !== 'object') {
    // JSON.stringify throws its own TypeError for a bigint: refuse it here with the rest.
    const text = typeof value === 'bigint' ? undefined : JSON.stringify(value);
    if (text === undefined)
      throw new RedressError(
        'VALIDATION',
        `Cannot encode ${typeof value} as canonical JSON; give only strings, numbers, booleans, null, arrays and plain objects`,
      );
    return text;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const v: unknown = value[i];
      out += v === undefined ? 'null' : canonicalJson(v);
    }
    return `${out}]`;
  }
  const keys = Object.keys(value).sort();
  let out = '{';
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || omit?.has(key)) continue;
    if (out.length > 1) out += ',';
    out += `${quote(key)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
};
