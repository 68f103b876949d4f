/** A message as a channel receives it. */
export interface DeliveryMessage {
  /** The outbox id: also the idempotency key. */
  readonly id: string;
  readonly streamId: string;
  readonly eventId: string;
  readonly channel: string;
  readonly payload: unknown;
  /** 1 for the first try. */
  readonly attempt: number;
}

/** What a channel says about one delivery. */
export type DeliveryResult =
  | { readonly ok: true; readonly detail?: string }
  | {
      readonly ok: false;
      /** `transient`: may work later (retried with backoff). `permanent`: will never work (dead-lettered now). */
      readonly kind: 'transient' | 'permanent';
      readonly error: string;
      /** The receiver asked to wait at least this long (e.g. HTTP Retry-After). */
      readonly retryAfterMs?: number;
    };

/** What the dispatcher hands a channel with each message. */
export interface SendContext {
  /** Stable per message: send it along so the receiver can drop duplicates. */
  readonly idempotencyKey: string;
  /** Aborted when the dispatcher gives up waiting; stop the request. */
  readonly signal: AbortSignal;
}

/**
 * A way to deliver messages: webhook, SMS gateway, email, or your own. `send`
 * should return a result rather than throw; a throw counts as a transient failure.
 */
export interface DeliveryChannel {
  readonly name: string;
  send(message: DeliveryMessage, context: SendContext): Promise<DeliveryResult>;
}

/**
 * A successful delivery.
 *
 * @example
 * return delivered('HTTP 204');
 */
export const delivered = (detail?: string): DeliveryResult =>
  detail === undefined ? { ok: true } : { ok: true, detail };

/**
 * A failure that may go away: retried with backoff (not sooner than `retryAfterMs`).
 *
 * @example
 * return transientFailure('HTTP 503', 30_000);
 */
export const transientFailure = (error: string, retryAfterMs?: number): DeliveryResult =>
  retryAfterMs === undefined
    ? { ok: false, kind: 'transient', error }
    : { ok: false, kind: 'transient', error, retryAfterMs };

/**
 * A failure that no retry can fix: the message is dead-lettered at once.
 *
 * @example
 * return permanentFailure('HTTP 400: unknown field "to"');
 */
export const permanentFailure = (error: string): DeliveryResult => ({ ok: false, kind: 'permanent', error });
