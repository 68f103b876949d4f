import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { isRedressError } from '@redress/core';
import { threadTally } from './verifyThreads';

/** A real thread running `body` with a `say(message)` to the parent. */
const thread = (body: string) =>
  new Worker(
    `const { parentPort } = require('node:worker_threads'); const say = (m) => parentPort.postMessage(m); ${body}`,
    { eval: true },
  );

const counting = () => {
  let seen = 0;
  return { add: (n: number) => void (seen += n), done: () => {}, seen: () => seen };
};

describe('a verify thread', () => {
  it('reports progress, then its tally', async () => {
    const progress = counting();
    const tally = await threadTally(
      thread(
        `say({ kind: 'progress', events: 7 }); say({ kind: 'progress', events: 5 }); say({ kind: 'done', tally: { complaints: 2, events: 12, failures: [] } });`,
      ),
      progress,
    );
    expect(tally).toEqual({ complaints: 2, events: 12, failures: [] });
    expect(progress.seen()).toBe(12);
  });

  it('that stops before it reports fails the run, never counts as an empty share', async () => {
    await expect(
      threadTally(thread(`say({ kind: 'progress', events: 3 }); process.exit(3);`), counting()),
    ).rejects.toThrow(/stopped \(exit code 3\) before it finished/);
  });

  it('that throws fails the run with what it threw', async () => {
    await expect(threadTally(thread(`throw new Error('disk on fire');`), counting())).rejects.toThrow(
      /A verify thread failed: disk on fire/,
    );
  });

  it('that reports a Redress error passes its code on', async () => {
    const failed = await threadTally(
      thread(`say({ kind: 'failed', code: 'STORE_UNAVAILABLE', message: 'Cannot open x.db' });`),
      counting(),
    ).catch((e: unknown) => e);
    expect(isRedressError(failed, 'STORE_UNAVAILABLE')).toBe(true);
    expect((failed as Error).message).toBe('Cannot open x.db');
  });
});
