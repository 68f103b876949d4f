/**
 * Characters that would change how a line of a text report reads rather than
 * what it says: control characters (a line break starts a row of its own, an
 * escape sequence recolours or rewrites the terminal), line and paragraph
 * separators, and the bidirectional overrides and isolates that reorder text.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `text` with every such character shown as an escape (`\n`, `\u001b`), so that
 * what a complainant or an employee typed stays inside its own field of the report.
 *
 * @example
 * visibleText('called back\n  v4 forged'); // 'called back\\n  v4 forged'
 */
export const visibleText = (text: string): string =>
  text.replace(UNSAFE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
