import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_ADD_CHECKPOINT_BYTES, witnessCheckpoint, type NoteSigner, type NoteVerifier } from '@redress/core';
import type { WitnessState } from './witnessState';

/** What the witness serves with: its state, the logs it trusts, its cosigner, and where it listens. */
export interface WitnessServerOptions {
  readonly state: WitnessState;
  readonly logs: readonly NoteVerifier[];
  readonly cosigner: NoteSigner;
  readonly host: string;
  readonly port: number;
  /** One line a request, for the operator. */
  readonly log: (line: string) => void;
  readonly now?: () => number;
}

/** The body, or undefined when it is larger than any add-checkpoint request may be. */
const bodyOf = (request: IncomingMessage): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_ADD_CHECKPOINT_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_ADD_CHECKPOINT_BYTES ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });

const send = (response: ServerResponse, status: number, contentType: string, body: string) =>
  response
    .writeHead(status, {
      'content-type': contentType,
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
    })
    .end(body);

/**
 * The witness's HTTP service: one route, `POST /add-checkpoint` of C2SP
 * tlog-witness. node:http is enough for one route and a text body, so the
 * witness needs no web framework. Requests are decided one at a time, and a
 * cosigned checkpoint is written to the state before the answer goes out: the
 * spec's check-then-store is atomic, so two requests can never roll the
 * witness back.
 *
 * @example
 * const witness = await startWitness({ state, logs, cosigner: cosigner(key), host: '127.0.0.1', port: 7380, log: console.error });
 * console.log(witness.url); // 'http://127.0.0.1:7380'
 * await witness.close();
 */
export const startWitness = async (options: WitnessServerOptions): Promise<{ url: string; close(): Promise<void> }> => {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  let queue: Promise<unknown> = Promise.resolve();
  const decide = (body: Buffer) => {
    const turn = queue.then(() => {
      const answer = witnessCheckpoint({
        body,
        logs: options.logs,
        last: options.state.get,
        cosigner: options.cosigner,
        now,
      });
      if (answer.status === 200) options.state.put(answer.keep);
      return answer;
    });
    queue = turn.catch(() => {});
    return turn;
  };

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://witness').pathname;
    if (path !== '/add-checkpoint')
      return send(response, 404, 'text/plain; charset=utf-8', 'Not found: this witness serves POST /add-checkpoint\n');
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      return send(response, 405, 'text/plain; charset=utf-8', 'add-checkpoint takes POST\n');
    }
    void (async () => {
      try {
        const body = await bodyOf(request);
        if (body === undefined)
          return send(
            response,
            413,
            'text/plain; charset=utf-8',
            `A request body has at most ${MAX_ADD_CHECKPOINT_BYTES} bytes\n`,
          );
        const answer = await decide(body);
        const keep = answer.status === 200 ? ` ${answer.keep.origin} ${answer.keep.size}` : '';
        options.log(`add-checkpoint ${answer.status}${keep}`);
        send(response, answer.status, answer.contentType, answer.body);
      } catch (error) {
        options.log(`add-checkpoint 500 ${(error as Error).message}`);
        if (!response.headersSent)
          send(
            response,
            500,
            'text/plain; charset=utf-8',
            'The witness failed to keep its state; nothing was cosigned\n',
          );
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
