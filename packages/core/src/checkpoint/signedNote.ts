import { RedressError } from '../errors/redressError';
import type { ValidationDetails } from '../errors/errorDetails';
import { shownText } from './shownText';

/**
 * One signature line of a signed note: the key's name, its 32-bit key ID and the
 * signature bytes (without the key ID).
 *
 * @example
 * const line: NoteSignature = { name: 'complaints.example.com/log', keyId: 0x530d903a, signature: Buffer.alloc(64) };
 */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  readonly signature: Buffer;
}

/**
 * A signed note (C2SP signed-note): a text ending in a newline, and its signatures.
 *
 * @example
 * const note: SignedNote = parseSignedNote(fileContents);
 * note.text; // 'complaints.example.com/log\n42\n…\n'
 */
export interface SignedNote {
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/**
 * Notes larger than this are refused before they are read: 16 post-quantum signatures fit many times over.
 *
 * @example
 * if (body.length > MAX_NOTE_BYTES) return new Response('too large', { status: 413 });
 */
export const MAX_NOTE_BYTES = 1_048_576;
/**
 * At most this many signature lines (the format asks verifiers to take at least 16).
 *
 * @example
 * parseSignedNote(note).signatures.length <= MAX_SIGNATURES; // always
 */
export const MAX_SIGNATURES = 100;

const DASH = '\u2014 ';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// Go's unicode.IsSpace, which the reference implementation refuses in key names, and '+'.
const NOT_IN_NAME = /[\s\u0085\u00a0+]/u;

const malformed = (why: string, details?: ValidationDetails) =>
  new RedressError(
    'VALIDATION',
    `The signed note is malformed: ${why}; pass the note exactly as it was published (text, a blank line, the signature lines)`,
    details,
  );

/**
 * Standard base64 (RFC 4648 §4) in its one canonical spelling, or undefined.
 *
 * @example
 * strictBase64('AQID'); // <Buffer 01 02 03>
 * strictBase64('AQI'); // undefined
 */
export const strictBase64 = (text: string): Buffer | undefined => {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
};

/**
 * Whether `name` can name a key: not empty, no Unicode space, no `+`.
 *
 * @example
 * isKeyName('complaints.example.com/log'); // true
 * isKeyName('my key'); // false
 */
export const isKeyName = (name: string): boolean =>
  name.length > 0 && !NOT_IN_NAME.test(name) && !/[\u0000-\u001f]/.test(name);

/** The note as text: valid UTF-8, no control character but newline, within the size limit. */
const noteText = (note: string | Uint8Array): string => {
  if (typeof note !== 'string' && !(note instanceof Uint8Array)) throw malformed('it is neither text nor bytes');
  const size = typeof note === 'string' ? Buffer.byteLength(note) : note.length;
  if (size > MAX_NOTE_BYTES) throw malformed(`it has ${size} bytes, more than the ${MAX_NOTE_BYTES} a note may have`);
  let text: string;
  try {
    text = typeof note === 'string' ? note : new TextDecoder('utf-8', { fatal: true }).decode(note);
  } catch {
    throw malformed('it is not valid UTF-8');
  }
  if (/\p{Cs}/u.test(text)) throw malformed('it is not valid UTF-8 (it holds a lone surrogate)');
  const control = /[\u0000-\u0009\u000b-\u001f]/.exec(text);
  if (control !== null) {
    const line = text.slice(0, control.index).split('\n').length;
    throw malformed(
      `line ${line} holds the control character U+${(control[0].codePointAt(0) as number).toString(16).padStart(4, '0').toUpperCase()}; a note holds none but newlines`,
    );
  }
  return text;
};

/** One signature line, `— <name> <base64(key ID || signature)>`. */
const parseLine = (line: string, n: number): NoteSignature => {
  if (!line.startsWith(DASH)) throw malformed(`signature line ${n} does not start with an em dash and a space`);
  const rest = line.slice(DASH.length);
  const space = rest.lastIndexOf(' ');
  const name = space === -1 ? '' : rest.slice(0, space);
  if (!isKeyName(name))
    throw malformed(
      `signature line ${n} has no valid key name (${shownText(name)}): one needs a name without spaces or +, then a space, then the signature`,
    );
  const bytes = strictBase64(rest.slice(space + 1));
  if (bytes === undefined || bytes.length < 5)
    throw malformed(`the signature of ${shownText(name)} on line ${n} is not base64 of a key ID and a signature`);
  return { name, keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4) };
};

/**
 * Read a signed note strictly (C2SP signed-note): a text ending in a newline, a
 * blank line, then one or more signature lines. Anything else is a
 * `VALIDATION` RedressError saying what is wrong, without echoing control
 * characters from the input. Checks no signature: see `openCheckpoint`.
 *
 * @example
 * const { text, signatures } = parseSignedNote(readFileSync('checkpoint.txt'));
 */
export const parseSignedNote = (note: string | Uint8Array): SignedNote => {
  const all = noteText(note);
  if (!all.endsWith('\n')) throw malformed('it does not end with a newline');
  const split = all.lastIndexOf('\n\n');
  if (split === -1) throw malformed('no blank line separates its text from its signatures');
  const text = all.slice(0, split + 1);
  const lines = all.slice(split + 2, -1).split('\n');
  if (lines.length === 1 && lines[0] === '') throw malformed('it has no signature line');
  if (lines.length > MAX_SIGNATURES)
    throw malformed(`it has ${lines.length} signature lines, more than the ${MAX_SIGNATURES} accepted`);
  return { text, signatures: lines.map((line, i) => parseLine(line, i + 1)) };
};

/**
 * One signature line as a note carries it, with its newline.
 *
 * @example
 * signatureLine({ name: 'example.com/foo', keyId: 0x530d903a, signature }); // '— example.com/foo Uw2QO…\n'
 */
export const signatureLine = (s: NoteSignature): string => {
  const id = Buffer.alloc(4);
  id.writeUInt32BE(s.keyId >>> 0);
  return `${DASH}${s.name} ${Buffer.concat([id, s.signature]).toString('base64')}\n`;
};

/**
 * A signed note as text: its text, a blank line, its signature lines.
 *
 * @example
 * formatSignedNote(parseSignedNote(note)) === note; // true for a well-formed note
 */
export const formatSignedNote = (note: SignedNote): string =>
  `${note.text}\n${note.signatures.map(signatureLine).join('')}`;
