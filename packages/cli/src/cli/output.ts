import { safeJson, visibleLines } from '../text/visibleText';

/** Where a command writes: its result on stdout (text or JSON), messages on stderr. */
export interface Output {
  readonly json: boolean;
  /** Print a result: `text` for people, `data` as one JSON document with --json. */
  result(text: string, data: unknown): void;
  /** Write raw text to stdout (export, HTML). */
  write(chunk: string): Promise<void>;
  /** A note for people on stderr (never in --json stdout). */
  note(text: string): void;
}

/**
 * The process's output, honouring backpressure on stdout. Text for people is
 * shown with visibleLines and JSON written with safeJson, so nothing a store
 * holds reaches the terminal as a control or bidi character, whatever a command
 * forgot; a command still escapes each field it puts into a line, so that a line
 * break in one cannot start a line of its own.
 *
 * @example
 * const out = processOutput(true); out.result('ok', { ok: true });
 */
export const processOutput = (
  json: boolean,
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WritableStream = process.stderr,
): Output => ({
  json,
  result(text, data) {
    stdout.write(json ? `${safeJson(data, 2)}\n` : `${visibleLines(text)}\n`);
  },
  write: (chunk) =>
    new Promise((resolve, reject) => {
      if (stdout.write(chunk)) resolve();
      else {
        stdout.once('drain', resolve);
        stdout.once('error', reject);
      }
    }),
  note(text) {
    stderr.write(`${visibleLines(text)}\n`);
  },
});
