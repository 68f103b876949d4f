import { appendFileSync } from 'node:fs';

/** One figure of `pnpm bench`: one JSON line. */
export interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  /** What the same work measured in the same run compares against. */
  readonly baseline?: string;
  readonly baselineValue?: number;
  /** ours / baseline for rates; for times, baseline / ours, so that > 1 is always better. */
  readonly ratio?: number;
  readonly note?: string;
}

export type Report = (figure: Figure) => void;

const round = (n: number) => (Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 1000) / 1000);

/** A reporter that prints each figure as a JSON line and appends it to `file`. */
export const reporter =
  (file: string): Report =>
  (figure) => {
    const line = JSON.stringify({
      ...figure,
      value: round(figure.value),
      ...(figure.baselineValue === undefined ? {} : { baselineValue: round(figure.baselineValue) }),
      ...(figure.ratio === undefined ? {} : { ratio: round(figure.ratio) }),
    });
    console.log(line);
    appendFileSync(file, `${line}\n`);
  };

/** Run `work` `times` times and return the best wall time in milliseconds (less noise from a shared machine). */
export const bestOf = async (times: number, work: () => Promise<void> | void): Promise<number> => {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await work();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
};
