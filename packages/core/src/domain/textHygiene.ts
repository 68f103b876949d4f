/**
 * What free text from outside may not hold, whatever its field: characters that
 * only a machine reads and that make one text look like another. Checked on
 * commands, never on stored events (old logs read as they were written).
 */

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** C0 and C1 control characters but tab and line feed (a carriage return is allowed before a line feed only). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/;
/** Bidi embeddings, overrides and isolates: they reorder what a reader sees (U+202A–U+202E, U+2066–U+2069). */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
/** Characters with no width of their own, and white space: a text of only these shows nothing (U+034F, which combines, apart). */
const INVISIBLE =
  /^(?:[\s\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2060-\u2064\u3164\ufeff\uffa0]|\u034f)*$/u;

/** Why a text is refused, in words for an error message (never quoting it: it may be personal data). */
export type TextFault =
  | 'a lone UTF-16 surrogate (not a character)'
  | 'a control character (only tab and line breaks are allowed)'
  | 'a bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069)'
  | 'no visible character';

/**
 * What is wrong with `text`, or `undefined` when nothing is.
 *
 * @example
 * textFault('Kettle leaks'); // undefined
 * textFault('\u200b\u200b'); // 'no visible character'
 */
export const textFault = (text: string): TextFault | undefined => {
  if (LONE_SURROGATE.test(text)) return 'a lone UTF-16 surrogate (not a character)';
  if (CONTROL.test(text)) return 'a control character (only tab and line breaks are allowed)';
  if (BIDI.test(text)) return 'a bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069)';
  if (INVISIBLE.test(text)) return 'no visible character';
  return undefined;
};

/**
 * The first string in `value` (a parsed command: objects and arrays) that
 * {@link textFault} refuses, with its path.
 *
 * @example
 * findTextFault({ complainant: { name: '\u200b' } }); // { path: ['complainant', 'name'], fault: 'no visible character' }
 */
export const findTextFault = (
  value: unknown,
  path: readonly string[] = [],
): { readonly path: readonly string[]; readonly fault: TextFault } | undefined => {
  if (typeof value === 'string') {
    const fault = textFault(value);
    return fault === undefined ? undefined : { path, fault };
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = findTextFault(inner, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
};
