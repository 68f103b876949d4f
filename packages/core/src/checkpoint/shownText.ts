/**
 * Text from a note, a key or a checkpoint, made safe to put in a message: quoted,
 * cut to 60 characters, and with every control character (C0, DEL, C1), line or
 * paragraph separator and bidirectional override written as an escape, so
 * nothing from the input can move a terminal's cursor or reorder what is shown.
 *
 * @example
 * shownText('origin\u001b[2K'); // '"origin\\u001b[2K"'
 */
export const shownText = (text: string): string => {
  const cut = [...text].length > 60 ? `${[...text].slice(0, 60).join('')}…` : text;
  return JSON.stringify(cut).replace(
    // JSON.stringify escapes C0 controls and quotes; these it leaves as they are.
    /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g,
    (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`,
  );
};
