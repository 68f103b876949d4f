import {
  checkAddress,
  isNotificationPayload,
  permanentFailure,
  personalValuesOf,
  RedressError,
  withoutPersonalValues,
  type DeliveryChannel,
} from '@redress/core';
import { endpointUrl, keepAliveAgent, timeoutOption } from './endpoint';
import { httpSend } from './httpSend';

/**
 * Placeholders a body template may use.
 *
 * @example
 * SMS_FIELDS.map((f) => `{{${f}}}`).join(', '); // '{{to}}, {{text}}, {{subject}}, {{id}}, {{complaintId}}'
 */
export const SMS_FIELDS = ['to', 'text', 'subject', 'id', 'complaintId'] as const;

/** Options of {@link smsGatewayChannel}. */
export interface SmsGatewayOptions {
  readonly url: string | URL;
  /** Sent as `Authorization`, e.g. `Bearer abc…`; or a header name and value of your gateway's choosing. */
  readonly authHeader?: string | { readonly name: string; readonly value: string };
  /**
   * The request body with `{{to}}`, `{{text}}`, `{{subject}}`, `{{id}}`, `{{complaintId}}`.
   * Values are encoded for `contentType`: JSON strings (quotes included) for JSON, URL-encoded for forms.
   * Example: `{"to": {{to}}, "message": {{text}}}`.
   */
  readonly bodyTemplate: string;
  /** Default `application/json`. */
  readonly contentType?: string;
  readonly method?: 'POST' | 'PUT';
  /** Default 10 s. */
  readonly timeoutMs?: number;
  /** The outbox channel name this delivers. Default `sms`. */
  readonly name?: string;
}

const encoder = (contentType: string) => {
  if (contentType.includes('json')) return (v: string) => JSON.stringify(v);
  if (contentType.includes('x-www-form-urlencoded')) return encodeURIComponent;
  return (v: string) => v;
};

/**
 * Deliver notifications as SMS through a gateway that takes an HTTP request.
 * The recipient must be a phone number (a malformed one is dead-lettered at
 * once); the message id goes along as `Idempotency-Key`.
 *
 * @example
 * const sms = smsGatewayChannel({
 *   url: 'https://sms.example.com/send', authHeader: 'Bearer abc123',
 *   bodyTemplate: '{"to": {{to}}, "message": {{text}}, "ref": {{id}}}',
 * });
 */
export const smsGatewayChannel = (options: SmsGatewayOptions): DeliveryChannel & { close(): void } => {
  const url = endpointUrl(options.url);
  const timeoutMs = timeoutOption(options.timeoutMs, 10_000);
  const contentType = options.contentType ?? 'application/json';
  const unknown = [...options.bodyTemplate.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)]
    .map((m) => m[1] ?? '')
    .filter((f) => !(SMS_FIELDS as readonly string[]).includes(f));
  if (unknown.length > 0) {
    throw new RedressError(
      'VALIDATION',
      `bodyTemplate uses {{${unknown.join('}}, {{')}}}; it may use only ${SMS_FIELDS.map((f) => `{{${f}}}`).join(', ')}`,
    );
  }
  const encode = encoder(contentType);
  const auth =
    options.authHeader === undefined
      ? {}
      : typeof options.authHeader === 'string'
        ? { authorization: options.authHeader }
        : { [options.authHeader.name]: options.authHeader.value };
  const agent = keepAliveAgent(url);
  return {
    name: options.name ?? 'sms',
    async send(message, { idempotencyKey, signal }) {
      const p = message.payload;
      if (!isNotificationPayload(p))
        return permanentFailure(
          'the payload is not a notification (no to.address and text); the SMS channel sends only notifications',
        );
      const bad = checkAddress('sms', p.to.address);
      if (bad !== undefined) return permanentFailure(`the recipient's phone number ${bad}`);
      const values: Record<string, string> = {
        to: p.to.address,
        text: p.text,
        subject: p.subject,
        id: message.id,
        complaintId: p.complaintId,
      };
      const body = options.bodyTemplate.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, f: string) => encode(values[f] ?? ''));
      const headers = { ...auth, 'content-type': contentType, 'idempotency-key': idempotencyKey };
      // A gateway's reply often repeats the number or the text it was sent; the reply is stored as the reason.
      const scrub = (reply: string) => withoutPersonalValues(reply, personalValuesOf(p));
      return httpSend({ url, method: options.method ?? 'POST', headers, body, timeoutMs, signal, agent, scrub });
    },
    close: () => agent.destroy(),
  };
};
