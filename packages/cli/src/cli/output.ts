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
 * The process's output, honouring backpressure on stdout.
 *
 * @example
 * const out = processOutput(true); out.result('ok', { ok: true });
 */
export const processOutput = (json: boolean, stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): Output => ({
  json,
  result(text, data) {
    stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text}\n`);
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
    stderr.write(`${text}\n`);
  },
});
