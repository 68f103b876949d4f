import { personalValuesOf, withoutPersonalValues, type DeliveryChannel } from '@redress/core';
import { endpointUrl, keepAliveAgent, timeoutOption } from './endpoint';
import { httpSend } from './httpSend';
import { secretKey, signWebhook } from './signature';

/** Options of {@link webhookChannel}. */
export interface WebhookChannelOptions {
  readonly url: string | URL;
  /** Standard Webhooks secret: base64, optionally prefixed `whsec_`. */
  readonly secret: string;
  /** Give up on a request after this long (a transient failure). Default 10 s. */
  readonly timeoutMs?: number;
  /** The outbox channel name this delivers. Default `webhook`. */
  readonly name?: string;
  /** Extra headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Where time comes from (the webhook-timestamp header). Default the system clock. */
  readonly clock?: () => Date;
}

/** The JSON body a webhook receiver gets. */
export interface WebhookBody {
  readonly type: 'redress.notification';
  readonly timestamp: string;
  readonly data: {
    readonly id: string;
    readonly streamId: string;
    readonly eventId: string;
    readonly channel: string;
    readonly attempt: number;
    readonly payload: unknown;
  };
}

/**
 * Deliver outbox messages as signed HTTP POSTs (Standard Webhooks: `webhook-id`
 * is the message id and stays the same on retries, `webhook-timestamp`,
 * `webhook-signature`). 2xx is success; 408, 429 (with Retry-After) and 5xx are
 * retried; other 4xx are dead-lettered at once.
 *
 * @example
 * const webhook = webhookChannel({ url: 'https://crm.example.com/hooks/redress', secret: process.env.WEBHOOK_SECRET! });
 * createDispatcher({ store, channels: [webhook] }).start();
 */
export const webhookChannel = (options: WebhookChannelOptions): DeliveryChannel & { close(): void } => {
  const url = endpointUrl(options.url);
  const key = secretKey(options.secret);
  const timeoutMs = timeoutOption(options.timeoutMs, 10_000);
  const clock = options.clock ?? (() => new Date());
  const agent = keepAliveAgent(url);
  return {
    name: options.name ?? 'webhook',
    async send(message, { idempotencyKey, signal }) {
      const now = clock();
      const timestamp = Math.floor(now.getTime() / 1000);
      const body: WebhookBody = {
        type: 'redress.notification',
        timestamp: now.toISOString(),
        data: {
          id: message.id,
          streamId: message.streamId,
          eventId: message.eventId,
          channel: message.channel,
          attempt: message.attempt,
          payload: message.payload,
        },
      };
      const json = JSON.stringify(body);
      const headers = {
        ...options.headers,
        'content-type': 'application/json',
        'webhook-id': idempotencyKey,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(key, idempotencyKey, timestamp, json),
      };
      // A receiver's reply may repeat what it was sent; the reply is stored as the reason.
      const scrub = (reply: string) => withoutPersonalValues(reply, personalValuesOf(message.payload));
      return httpSend({ url, method: 'POST', headers, body: json, timeoutMs, signal, agent, scrub });
    },
    close: () => agent.destroy(),
  };
};
