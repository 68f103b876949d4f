import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RawStream } from '../source/source';
import type { VerifyAnswer, VerifyBatch } from './verifyWorker';
import type { BadEvent } from './verifyStream';

const BATCH_EVENTS = 4000;

/** Start one worker; from TypeScript sources (tests, benches) it loads them through tsx. */
const startWorker = (): Worker => {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const file = new URL('./verifyWorker.ts', here).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    return new Worker(`import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(file)}); });`, { eval: true });
  }
  return new Worker(new URL('./verifyWorker.js', here));
};

/** How many workers a large verify uses: the cores, at most four. */
export const poolSize = (): number => Math.min(4, availableParallelism());

/**
 * Verify streams on worker threads: the caller reads and groups rows (cheap),
 * workers parse, hash and replay them through the machine. At most two batches
 * wait per worker, so memory stays bounded however long the log.
 *
 * @example
 * const pool = verifyPool(2);
 * for await (const s of source.streams()) await pool.add(s);
 * const { failures } = await pool.finish();
 */
export const verifyPool = (size: number) => {
  const workers = Array.from({ length: size }, startWorker);
  const inFlight = workers.map(() => 0);
  const failures: BadEvent[] = [];
  let events = 0;
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  for (const [i, w] of workers.entries()) {
    w.on('message', (a: VerifyAnswer) => {
      inFlight[i] = (inFlight[i] ?? 1) - 1;
      failures.push(...a.failures);
      events += a.events;
      wake?.();
    });
    w.on('error', (e) => {
      failed = e;
      wake?.();
    });
  }
  const idle = async (limit: number): Promise<number> => {
    for (;;) {
      if (failed) throw failed;
      const i = inFlight.findIndex((n) => n < limit);
      if (i !== -1) return i;
      await new Promise<void>((r) => (wake = r));
    }
  };
  let batch: VerifyBatch['streams'][number][] = [];
  let batched = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const i = await idle(2);
    inFlight[i] = (inFlight[i] ?? 0) + 1;
    (workers[i] as Worker).postMessage({ streams: batch } satisfies VerifyBatch);
    batch = [];
    batched = 0;
  };
  return {
    async add(stream: RawStream): Promise<void> {
      batch.push({
        streamId: stream.streamId,
        texts: stream.events.map((e) => e.text ?? JSON.stringify(e.value)),
        wheres: stream.events.map((e) => e.where),
        positions: stream.events.map((e) => e.position ?? null),
      });
      batched += stream.events.length;
      if (batched >= BATCH_EVENTS) await flush();
    },
    async finish(): Promise<{ failures: BadEvent[]; events: number }> {
      try {
        await flush();
        while (inFlight.some((n) => n > 0)) {
          if (failed) throw failed;
          await new Promise<void>((r) => (wake = r));
        }
        if (failed) throw failed;
        return { failures, events };
      } finally {
        await Promise.all(workers.map((w) => w.terminate()));
      }
    },
    async close(): Promise<void> {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
};
