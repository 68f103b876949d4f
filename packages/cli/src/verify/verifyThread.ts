/** A verify worker thread: verifies ranges of a SQLite file until none is left, then reports its tally. */
import { parentPort, workerData } from 'node:worker_threads';
import { isRedressError } from '@redress/core';
import { verifyRanges } from './sqliteRanges';
import type { ThreadInput, ThreadMessage } from './verifyThreads';

const input = workerData as ThreadInput;
const counter = new Int32Array(input.counter);
const say = (message: ThreadMessage) => parentPort?.postMessage(message);

void (async () => {
  try {
    const tally = await verifyRanges(
      input.path,
      input.boundaries,
      () => Atomics.add(counter, 0, 1),
      (events) => say({ kind: 'progress', events }),
    );
    say({ kind: 'done', tally });
  } catch (error) {
    say({
      kind: 'failed',
      code: isRedressError(error) ? error.code : undefined,
      message: error instanceof Error ? error.message : String(error),
    });
  }
})();
