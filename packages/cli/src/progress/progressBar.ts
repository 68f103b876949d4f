/** Something that counts work done; a no-op when nobody watches. */
export interface Progress {
  add(n: number): void;
  done(): void;
}

const WIDTH = 30;

/**
 * A progress bar on stderr, redrawn at most ten times a second; silent when
 * stderr is not a terminal (pipes, CI logs) so it never mixes into output.
 *
 * @example
 * const bar = progressBar('verify', await source.count());
 * bar.add(1); bar.done();
 */
export const progressBar = (
  label: string,
  total: number | undefined,
  out: NodeJS.WriteStream = process.stderr,
): Progress => {
  if (!out.isTTY) return { add() {}, done() {} };
  const started = Date.now();
  let count = 0;
  let drawn = 0;
  const draw = () => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    const rate = Math.round(count / seconds).toLocaleString('en');
    let line: string;
    if (total !== undefined && total > 0) {
      const filled = Math.min(WIDTH, Math.round((count / total) * WIDTH));
      const pct = Math.min(100, Math.floor((count / total) * 100));
      line = `${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${pct}% ${count.toLocaleString('en')}/${total.toLocaleString('en')} events, ${rate}/s`;
    } else {
      line = `${label} ${count.toLocaleString('en')} events, ${rate}/s`;
    }
    out.write(`\r\x1b[2K${line}`);
  };
  return {
    add(n) {
      count += n;
      const now = Date.now();
      if (now - drawn >= 100) {
        drawn = now;
        draw();
      }
    },
    done() {
      draw();
      out.write('\n');
    },
  };
};
