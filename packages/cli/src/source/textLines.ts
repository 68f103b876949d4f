import { createReadStream } from 'node:fs';

/** One line of a text file, without its line break. */
export interface TextLine {
  /** Its number, from 1. */
  readonly n: number;
  /** The line, or `undefined` when it is longer than the limit (then only its `head` was kept). */
  readonly text: string | undefined;
  /** The first characters of a line that was too long (empty otherwise). */
  readonly head: string;
}

/** How much of an overlong line is kept, to see whose it was. */
const HEAD = 1024;

/**
 * The lines of a UTF-8 file, streaming (`\n` or `\r\n` ends a line). A line
 * longer than `maxLength` characters is never held whole: it comes with its
 * first characters only, so one enormous line can neither exhaust memory nor
 * exceed the longest string JavaScript can hold (readline fails there with a
 * RangeError that no caller can catch).
 *
 * @example
 * for await (const line of textLines('log.ndjson', 16 * 1024 * 1024)) console.log(line.n, line.text ?? 'too long');
 */
export async function* textLines(path: string, maxLength: number): AsyncIterable<TextLine> {
  let n = 0;
  let parts: string[] = [];
  let length = 0;
  let head: string | undefined;
  const add = (piece: string) => {
    if (head !== undefined) return;
    if (length + piece.length <= maxLength) {
      parts.push(piece);
      length += piece.length;
      return;
    }
    head = (parts.join('') + piece.slice(0, HEAD)).slice(0, HEAD);
    parts = [];
  };
  const end = (): TextLine => {
    n++;
    const text = head === undefined ? parts.join('').replace(/\r$/, '') : undefined;
    const line = { n, text, head: head ?? '' };
    parts = [];
    length = 0;
    head = undefined;
    return line;
  };

  for await (const chunk of createReadStream(path, { encoding: 'utf8' }) as AsyncIterable<string>) {
    let from = 0;
    for (let at = chunk.indexOf('\n'); at !== -1; at = chunk.indexOf('\n', from)) {
      add(chunk.slice(from, at));
      yield end();
      from = at + 1;
    }
    add(chunk.slice(from));
  }
  // The last line may have no line break.
  if (length > 0 || head !== undefined) yield end();
}
