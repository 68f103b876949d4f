import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  MAX_ADD_CHECKPOINT_BYTES,
  witnessCheckpoint,
  type NoteSigner,
  type NoteVerifier,
  type WitnessedCheckpoint,
} from '@redress/core';

/** A witness on loopback for tests: its URL, what it keeps, how many requests it answered with each status. */
export interface TestWitness {
  readonly url: string;
  readonly state: ReadonlyMap<string, WitnessedCheckpoint>;
  readonly answers: ReadonlyMap<number, number>;
  close(): Promise<void>;
}

/**
 * A real HTTP witness on 127.0.0.1 (a free port): C2SP tlog-witness
 * `POST /add-checkpoint`, decided by core's `witnessCheckpoint` one request
 * at a time, its state in memory. What `redress witness` serves, without the
 * state file, for tests of what talks to a witness.
 *
 * @example
 * const witness = await startTestWitness({ logs: [noteVerifier(logVkey)], cosigner: cosigner(witnessKey) });
 * const sink = witnessSink({ url: witness.url });
 * await witness.close();
 */
export const startTestWitness = async (options: {
  readonly logs: readonly NoteVerifier[];
  readonly cosigner: NoteSigner;
}): Promise<TestWitness> => {
  const state = new Map<string, WitnessedCheckpoint>();
  const answers = new Map<number, number>();
  let queue: Promise<unknown> = Promise.resolve();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_ADD_CHECKPOINT_BYTES) chunks.push(c);
    });
    request.on('end', () => {
      const turn = queue.then(() => {
        if (request.method !== 'POST' || request.url !== '/add-checkpoint')
          return { status: 404, contentType: 'text/plain; charset=utf-8', body: 'not found\n' };
        const answer = witnessCheckpoint({
          body: Buffer.concat(chunks),
          logs: options.logs,
          last: (origin) => state.get(origin),
          cosigner: options.cosigner,
          now: () => Math.floor(Date.now() / 1000),
        });
        if (answer.status === 200) state.set(answer.keep.origin, answer.keep);
        return answer;
      });
      queue = turn.catch(() => {});
      void turn.then((answer) => {
        answers.set(answer.status, (answers.get(answer.status) ?? 0) + 1);
        response.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
