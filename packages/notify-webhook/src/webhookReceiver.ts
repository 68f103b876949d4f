import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRedressError } from '@redress/core';
import { verifyWebhook } from './signature';
import type { WebhookBody } from './webhookChannel';

type Answer = { status: number; headers?: Record<string, string> };

/** One request a {@link startWebhookReceiver} accepted. */
export interface ReceivedWebhook {
  readonly id: string;
  readonly body: WebhookBody;
  /** True when this `webhook-id` had been received before (a retry or a redelivery). */
  readonly duplicate: boolean;
}

/** Options of {@link startWebhookReceiver}. */
export interface WebhookReceiverOptions {
  /** When given, signatures are verified and bad ones answered with 401. */
  readonly secret?: string;
  /** Default 0: any free port. Always listens on 127.0.0.1. */
  readonly port?: number;
  /** Choose the answer (status, optional headers); default 204. Runs before the message is recorded. */
  readonly respond?: (id: string, headers: http.IncomingHttpHeaders) => Answer | 'hang' | Promise<Answer | 'hang'>;
  readonly onMessage?: (message: ReceivedWebhook) => void;
}

/** A running receiver. */
export interface WebhookReceiver {
  readonly url: string;
  /** Accepted messages, in arrival order, duplicates included. */
  readonly received: readonly ReceivedWebhook[];
  /** Distinct `webhook-id`s accepted. */
  readonly ids: ReadonlySet<string>;
  close(): Promise<void>;
}

/**
 * A small webhook receiver on 127.0.0.1: verifies signatures, answers 204 and
 * records each message, marking repeats of a `webhook-id`. For demos, tests and
 * benchmarks; a real receiver does the same with {@link verifyWebhook}.
 *
 * @example
 * const receiver = await startWebhookReceiver({ secret });
 * const channel = webhookChannel({ url: receiver.url, secret });
 */
export const startWebhookReceiver = async (options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> => {
  const received: ReceivedWebhook[] = [];
  const ids = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers['webhook-id'] ?? '');
      const answer = (await options.respond?.(id, req.headers)) ?? { status: 204 };
      if (answer === 'hang') return;
      let body: WebhookBody;
      try {
        body =
          options.secret === undefined
            ? (JSON.parse(raw) as WebhookBody)
            : verifyWebhook<WebhookBody>({ secret: options.secret, headers: req.headers, body: raw });
      } catch (e) {
        res
          .writeHead(isRedressError(e) ? 401 : 400, { 'content-type': 'text/plain' })
          .end(e instanceof Error ? e.message : 'bad request');
        return;
      }
      if (answer.status >= 200 && answer.status < 300) {
        const message = { id, body, duplicate: ids.has(id) };
        ids.add(id);
        received.push(message);
        options.onMessage?.(message);
      }
      res
        .writeHead(answer.status, answer.headers)
        .end(answer.status >= 400 ? `refused with ${answer.status}` : undefined);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    received,
    ids,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
