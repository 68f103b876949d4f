import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import {
  checkAddress,
  isNotificationPayload,
  permanentFailure,
  delivered,
  personalValuesOf,
  RedressError,
  withoutPersonalValues,
  type DeliveryChannel,
  type DeliveryResult,
} from '@redress/core';
import { classifySmtpError } from './classifySmtpError';

/** Options of {@link emailChannel}. */
export interface EmailChannelOptions {
  /** SMTP transport options for nodemailer, or a transporter you made (pooled, SES, …). */
  readonly transport: SMTPTransport.Options | string | Transporter;
  /** The sender: `support@example.com` or `客服中心 <support@example.com>`. */
  readonly from: string;
  readonly replyTo?: string;
  /** The outbox channel name this delivers. Default `email`. */
  readonly name?: string;
  /** Extra headers on every message. */
  readonly headers?: Readonly<Record<string, string>>;
}

const isTransporter = (t: unknown): t is Transporter => typeof (t as { sendMail?: unknown }).sendMail === 'function';

/** The address part and domain of `from`, checked. */
const senderDomain = (from: string): string => {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
  const problem = checkAddress('email', address);
  if (problem !== undefined)
    throw new RedressError(
      'VALIDATION',
      `from "${from}" ${problem}; write it as "support@example.com" or "Name <support@example.com>"`,
    );
  return address.slice(address.lastIndexOf('@') + 1);
};

/**
 * Deliver notifications by email through nodemailer, with a plain-text and an
 * HTML body. The Message-ID is derived from the idempotency key, so a message
 * sent twice (at-least-once delivery) carries the same Message-ID both times and
 * mail systems can drop the duplicate. Recipients refused by the server are
 * dead-lettered; connection problems are retried.
 *
 * @example
 * const email = emailChannel({ transport: { host: 'smtp.example.com', port: 587, auth: { user, pass } }, from: '客服中心 <support@example.com>' });
 * createDispatcher({ store, channels: [email] }).start();
 */
export const emailChannel = (options: EmailChannelOptions): DeliveryChannel & { close(): void } => {
  const domain = senderDomain(options.from);
  const transporter: Transporter = isTransporter(options.transport)
    ? options.transport
    : nodemailer.createTransport(options.transport);
  return {
    name: options.name ?? 'email',
    async send(message, { idempotencyKey }) {
      const p = message.payload;
      if (!isNotificationPayload(p))
        return permanentFailure(
          'the payload is not a notification (no to.address, subject, text and html); the email channel sends only notifications',
        );
      // What the server says is stored as the reason: it often quotes the address (`550 <…>: Recipient address rejected`).
      const clean = (r: DeliveryResult): DeliveryResult =>
        r.ok ? r : { ...r, error: withoutPersonalValues(r.error, personalValuesOf(p)) };
      const problem = checkAddress('email', p.to.address);
      if (problem !== undefined) return permanentFailure(`the recipient's email address ${problem}`);
      try {
        const info = (await transporter.sendMail({
          from: options.from,
          to: p.to.name === undefined ? p.to.address : { name: p.to.name, address: p.to.address },
          ...(options.replyTo === undefined ? {} : { replyTo: options.replyTo }),
          subject: p.subject,
          text: p.text,
          html: p.html,
          messageId: `<${idempotencyKey}@${domain}>`,
          headers: { ...options.headers, 'X-Redress-Complaint': p.complaintId, 'X-Redress-Notification': p.rule },
          ...(p.urgent ? { priority: 'high' as const } : {}),
        })) as { rejected?: unknown[]; response?: string };
        if (Array.isArray(info.rejected) && info.rejected.length > 0)
          return clean(
            permanentFailure(`the server refused the recipient's address (${info.response ?? 'no reply text'})`),
          );
        return delivered(
          info.response === undefined ? undefined : withoutPersonalValues(info.response, personalValuesOf(p)),
        );
      } catch (e) {
        return clean(classifySmtpError(e));
      }
    },
    close: () => transporter.close(),
  };
};
