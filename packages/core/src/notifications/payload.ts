import { createHash } from 'node:crypto';
import type { Locale } from './recipients';

/** What a notification outbox row carries when it is ready to send. */
export interface NotificationPayload {
  readonly kind: 'notification';
  /** The rule that produced it, the template it used. */
  readonly rule: string;
  readonly template: string;
  readonly complaintId: string;
  readonly eventType: string;
  readonly urgent: boolean;
  readonly locale: Locale;
  readonly to: { readonly id: string; readonly name?: string; readonly address: string };
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** A notification that could not be built: the dispatcher dead-letters it with `problem` as the reason. */
export interface InvalidNotificationPayload {
  readonly kind: 'invalid-notification';
  readonly rule: string;
  readonly complaintId: string;
  readonly eventType: string;
  readonly to?: { readonly id: string; readonly name?: string };
  /** What is wrong and what to fix. */
  readonly problem: string;
}

/**
 * The stable id of a notification: the same event, rule and recipient always give
 * the same id, which receivers use as the idempotency key.
 *
 * @example
 * notificationId('C-1', 'E-2', 'acknowledgement', 'complainant'); // 'N-3f1c…'
 */
export const notificationId = (streamId: string, eventId: string, rule: string, recipientId: string): string =>
  `N-${createHash('sha256').update(`${streamId}\u0000${eventId}\u0000${rule}\u0000${recipientId}`).digest('hex').slice(0, 32)}`;

/**
 * Whether a payload is a ready notification (as opposed to an invalid one or another app's payload).
 *
 * @example
 * if (isNotificationPayload(message.payload)) send(message.payload.to.address, message.payload.text);
 */
export const isNotificationPayload = (p: unknown): p is NotificationPayload => {
  if (typeof p !== 'object' || p === null) return false;
  const c = p as Partial<NotificationPayload>;
  return (
    c.kind === 'notification' &&
    typeof c.subject === 'string' &&
    typeof c.text === 'string' &&
    typeof c.html === 'string' &&
    typeof c.to === 'object' &&
    c.to !== null &&
    typeof c.to.address === 'string'
  );
};

/**
 * The problem of a payload that cannot be sent, if it says so.
 *
 * @example
 * payloadProblem({ kind: 'invalid-notification', problem: 'no email address' }); // 'no email address'
 */
export const payloadProblem = (p: unknown): string | undefined => {
  if (typeof p !== 'object' || p === null) return undefined;
  const c = p as { kind?: unknown; problem?: unknown };
  return c.kind === 'invalid-notification' && typeof c.problem === 'string' ? c.problem : undefined;
};
