import { createHmac, timingSafeEqual } from 'node:crypto';
import { RedressError } from '@redress/core';

/**
 * The HMAC key of a Standard Webhooks secret: base64 after an optional `whsec_` prefix.
 *
 * @example
 * secretKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').length; // 24
 */
export const secretKey = (secret: string): Buffer => {
  const b64 = secret.startsWith('whsec_') ? secret.slice(6) : secret;
  const key = Buffer.from(b64, 'base64');
  if (b64.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || key.length < 16) {
    throw new RedressError(
      'VALIDATION',
      'The webhook secret must be base64 of at least 16 bytes, optionally prefixed "whsec_" (for example "whsec_" + 32 random bytes in base64)',
    );
  }
  return key;
};

/**
 * The `webhook-signature` value for a message: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`.
 *
 * @example
 * signWebhook('whsec_…', 'msg_1', 1700000000, '{"a":1}'); // 'v1,K5oZfz…'
 */
export const signWebhook = (secret: string | Buffer, id: string, timestamp: number, body: string): string => {
  const key = typeof secret === 'string' ? secretKey(secret) : secret;
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
};

type HeaderBag = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

const header = (headers: HeaderBag, name: string): string | undefined => {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const bag = headers as Record<string, string | readonly string[] | undefined>;
  const v = bag[name] ?? Object.entries(bag).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(v) ? v[0] : (v as string | undefined);
};

/** What {@link verifyWebhook} needs: the raw body exactly as received. */
export interface VerifyOptions {
  readonly secret: string;
  readonly headers: HeaderBag;
  readonly body: string | Buffer;
  /** How far the timestamp may be from now, in seconds. Default 300. */
  readonly toleranceSec?: number;
  readonly now?: Date;
}

/**
 * Check a received webhook's signature and timestamp (Standard Webhooks) and
 * return its parsed body. Throws a `VALIDATION` RedressError for missing headers
 * or a timestamp outside the window, `TAMPERED` for a signature that does not match.
 * Use `webhook-id` to drop duplicates: delivery is at least once.
 *
 * @example
 * const event = verifyWebhook({ secret: process.env.WEBHOOK_SECRET!, headers: req.headers, body: rawBody });
 */
export const verifyWebhook = <T = unknown>(options: VerifyOptions): T => {
  const id = header(options.headers, 'webhook-id');
  const ts = header(options.headers, 'webhook-timestamp');
  const sigs = header(options.headers, 'webhook-signature');
  if (!id || !ts || !sigs)
    throw new RedressError(
      'VALIDATION',
      'Missing webhook-id, webhook-timestamp or webhook-signature header; is this a signed webhook?',
    );
  const timestamp = Number(ts);
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSec ?? 300;
  if (!Number.isInteger(timestamp) || Math.abs(now - timestamp) > tolerance) {
    throw new RedressError(
      'VALIDATION',
      `Webhook timestamp ${ts} is more than ${tolerance} s from now (${now}); reject it as a replay, or check the clocks`,
    );
  }
  const body = typeof options.body === 'string' ? options.body : options.body.toString('utf8');
  const expected = Buffer.from(signWebhook(options.secret, id, timestamp, body).slice(3), 'base64');
  const match = sigs.split(' ').some((s) => {
    const [version, value] = s.split(',');
    if (version !== 'v1' || value === undefined) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!match)
    throw new RedressError(
      'TAMPERED',
      `Webhook ${id} has no valid signature: the body or headers were changed, or the secret differs`,
    );
  return JSON.parse(body) as T;
};
