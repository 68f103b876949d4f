import {
  isNotificationPayload,
  isRedressError,
  personalValuesOf,
  withoutPersonalValues,
  type DeliveryChannel,
  type DeliveryMessage,
} from '@redress/core';
import type http from 'node:http';
import { endpointUrl, keepAliveAgent, timeoutOption } from './endpoint';
import { httpSend } from './httpSend';
import { secretKey, signWebhook } from './signature';

/** Options of {@link webhookChannel}. */
export interface WebhookChannelOptions {
  /**
   * One endpoint every message is posted to (a CRM, or a gateway that reads the
   * address from the payload). Without it, each notification is posted to its
   * recipient's webhook address (`addresses.webhook` in the staff directory).
   */
  readonly url?: string | URL;
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

/** The channel's URL, else the notification's recipient's; an error text when there is no usable URL. */
const targetOf = (message: DeliveryMessage, url: URL | undefined): URL | string => {
  if (url !== undefined) return url;
  const own = isNotificationPayload(message.payload) ? message.payload.to.address : undefined;
  if (own === undefined || own === '') {
    return 'no URL to post to: give the recipient a webhook address or the channel a url';
  }
  try {
    return endpointUrl(own, "the recipient's webhook address");
  } catch (error) {
    if (isRedressError(error)) return "the recipient's webhook address is not an http(s) URL; correct it";
    throw error;
  }
};

/**
 * Deliver outbox messages as signed HTTP POSTs (Standard Webhooks: `webhook-id`
 * is the message id and stays the same on retries, `webhook-timestamp`,
 * `webhook-signature`), to `url`, or without it to each notification's
 * recipient's webhook address (`addresses.webhook` in the staff directory). 2xx is
 * success; 408, 429 (with Retry-After) and 5xx are retried; other 4xx are
 * dead-lettered at once.
 *
 * @example
 * const webhook = webhookChannel({ url: 'https://crm.example.com/hooks/redress', secret: process.env.WEBHOOK_SECRET! });
 * createDispatcher({ store, channels: [webhook] }).start();
 */
export const webhookChannel = (options: WebhookChannelOptions): DeliveryChannel & { close(): void } => {
  const url = options.url === undefined ? undefined : endpointUrl(options.url);
  const key = secretKey(options.secret);
  const timeoutMs = timeoutOption(options.timeoutMs, 10_000);
  const clock = options.clock ?? (() => new Date());
  // One keep-alive agent per protocol: an agent keeps its own pool per host.
  const agents = new Map<string, http.Agent>();
  const agentFor = (target: URL): http.Agent => {
    let agent = agents.get(target.protocol);
    if (agent === undefined) {
      agent = keepAliveAgent(target);
      agents.set(target.protocol, agent);
    }
    return agent;
  };
  return {
    name: options.name ?? 'webhook',
    async send(message, { idempotencyKey, signal }) {
      const target = targetOf(message, url);
      // Permanent: no retry makes a missing or malformed address right.
      if (typeof target === 'string') return { ok: false, kind: 'permanent', error: target };
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
      const agent = agentFor(target);
      return httpSend({ url: target, method: 'POST', headers, body: json, timeoutMs, signal, agent, scrub });
    },
    close: () => {
      for (const agent of agents.values()) agent.destroy();
    },
  };
};
