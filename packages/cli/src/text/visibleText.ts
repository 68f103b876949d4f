/**
 * Characters that would change how a line of a text report reads rather than
 * what it says: control characters (a line break starts a row of its own, an
 * escape sequence recolours or rewrites the terminal, and so does the one-byte
 * CSI U+009B), line and paragraph separators, and the bidirectional marks,
 * overrides and isolates that reorder text.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * The same characters but C0 (U+0000–U+001F), which JSON.stringify already
 * writes as escapes: what is left raw in JSON text.
 */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * The same characters but the line break, the tab and the carriage return,
 * which HTML takes as white space: what would still act in an HTML page.
 */
const UNSAFE_IN_HTML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * What an HTML parser reports as an error in the input stream: lone surrogates and
 * noncharacters (U+FDD0–U+FDEF, and the last two code points of every plane).
 */
const NOT_IN_HTML =
  /[\uD800-\uDFFF\uFDD0-\uFDEF\uFFFE\uFFFF\u{1fffe}\u{1ffff}\u{2fffe}\u{2ffff}\u{3fffe}\u{3ffff}\u{4fffe}\u{4ffff}\u{5fffe}\u{5ffff}\u{6fffe}\u{6ffff}\u{7fffe}\u{7ffff}\u{8fffe}\u{8ffff}\u{9fffe}\u{9ffff}\u{afffe}\u{affff}\u{bfffe}\u{bffff}\u{cfffe}\u{cffff}\u{dfffe}\u{dffff}\u{efffe}\u{effff}\u{ffffe}\u{fffff}\u{10fffe}\u{10ffff}]/gu;

const codePointEscape = (c: string): string => {
  const cp = c.codePointAt(0) as number;
  return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`;
};

/** The characters that mean something in HTML markup, in text or in a quoted attribute. */
const MARKUP = /[&<>"']/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const unicodeEscape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * `text` with every such character shown as an escape (`\n`, `\u001b`), so that
 * what a complainant, an employee or a damaged store wrote stays inside its own
 * field of the report, on its own line.
 *
 * @example
 * visibleText('called back\n  v4 forged'); // 'called back\\n  v4 forged'
 */
export const visibleText = (text: string): string => text.replace(UNSAFE, (c) => NAMED[c] ?? unicodeEscape(c));

/**
 * Each line of `text` shown with visibleText: for text whose line breaks are
 * the report's own, once every field in it was escaped where it was put in.
 *
 * @example
 * visibleLines('FAILED 1\n  C-1 v2\u001b[2K'); // 'FAILED 1\n  C-1 v2\\u001b[2K'
 */
export const visibleLines = (text: string): string => text.split('\n').map(visibleText).join('\n');

/**
 * `value` as JSON (indented by `indent`, none by default) with no character
 * left raw that could rewrite a terminal or reorder a line: JSON.stringify
 * escapes C0 controls, and this the rest (as `\u009b`, `\u202e`). The JSON
 * reads back to the same value.
 *
 * @example
 * safeJson({ id: 'C-1\u202e' }); // '{"id":"C-1\\u202e"}'
 */
export const safeJson = (value: unknown, indent?: number): string =>
  JSON.stringify(value, null, indent).replace(UNSAFE_IN_JSON, unicodeEscape);

/**
 * `text` for an HTML page, in an element or in a quoted attribute: `& < > " '`
 * as character references, and the control and bidi characters that visibleText
 * escapes (but white space), lone surrogates and noncharacters shown as escapes,
 * so that they neither vanish, reorder the page nor make it malformed.
 *
 * @example
 * htmlText('<b>"Hi"</b>\u202e'); // '&#60;b&#62;&#34;Hi&#34;&#60;/b&#62;\\u202e'
 */
export const htmlText = (text: string): string =>
  text
    .replace(UNSAFE_IN_HTML, unicodeEscape)
    .replace(NOT_IN_HTML, codePointEscape)
    .replace(MARKUP, (c) => `&#${c.charCodeAt(0)};`);
