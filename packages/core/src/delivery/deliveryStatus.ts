import type { Outbox, OutboxAttempt, OutboxRecord } from '../store/eventStore';
import { personalValuesOf, withoutPersonalValues } from './redact';

/** Where one notification stands, shaped for a complaint's timeline. */
export interface DeliveryStatus {
  readonly id: string;
  readonly eventId: string;
  readonly rule: string | null;
  readonly channel: string;
  /**
   * Whom it went to, by role: `complainant`, or the staff id. Never a name or an
   * address, which are personal data: a status is shown in reports.
   */
  readonly recipient: string | null;
  /** `queued`: not tried yet; `retrying`: failed, will try again; `sending`: claimed now. */
  readonly state: 'queued' | 'sending' | 'retrying' | 'delivered' | 'dead';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: string;
  /** When the timeline should place it: delivery time, or creation time while not delivered. */
  readonly at: string;
  readonly nextAttemptAt: string | null;
  /** Every settled attempt, oldest first: when, by which dispatcher, the outcome and the error, for audits. */
  readonly history: readonly OutboxAttempt[];
  /** One line for a timeline, e.g. `email to sup-1 [escalation]: delivered after 2 attempts`. */
  readonly summary: string;
}

const describe = (row: OutboxRecord): Pick<DeliveryStatus, 'rule' | 'recipient'> => {
  const p = (typeof row.payload === 'object' && row.payload !== null ? row.payload : {}) as {
    rule?: unknown;
    to?: { id?: unknown };
  };
  return { rule: typeof p.rule === 'string' ? p.rule : null, recipient: typeof p.to?.id === 'string' ? p.to.id : null };
};

/**
 * The delivery status of one row, as of `now`.
 *
 * @example
 * toDeliveryStatus(row, new Date()).state; // 'delivered'
 */
export const toDeliveryStatus = (row: OutboxRecord, now: Date): DeliveryStatus => {
  const { rule, recipient } = describe(row);
  // Rows written before errors were kept free of personal data may still name the recipient.
  const values = personalValuesOf(row.payload);
  const clean = (text: string | null) => (text === null ? null : withoutPersonalValues(text, values));
  const lastError = clean(row.lastError);
  const history = row.history.map((h) =>
    h.error === undefined ? h : { ...h, error: withoutPersonalValues(h.error, values) },
  );
  const leased = row.leaseUntil !== null && row.leaseUntil > now.toISOString();
  const state: DeliveryStatus['state'] =
    row.status === 'delivered'
      ? 'delivered'
      : row.status === 'dead'
        ? 'dead'
        : leased
          ? 'sending'
          : row.attempts > 0
            ? 'retrying'
            : 'queued';
  const tries = `${row.attempts} attempt${row.attempts === 1 ? '' : 's'}`;
  const what = `${row.channel}${recipient === null ? '' : ` to ${recipient}`}${rule === null ? '' : ` [${rule}]`}`;
  const summary = {
    delivered: `${what}: delivered after ${tries}`,
    dead: `${what}: not delivered (dead letter) after ${tries}: ${lastError ?? 'no reason recorded'}`,
    sending: `${what}: being sent (attempt ${row.attempts})`,
    retrying: `${what}: will retry at ${row.availableAt} after ${tries}; last error: ${lastError ?? 'none'}`,
    queued: `${what}: queued for ${row.availableAt}`,
  }[state];
  return {
    id: row.id,
    eventId: row.eventId,
    rule,
    channel: row.channel,
    recipient,
    state,
    attempts: row.attempts,
    lastError,
    createdAt: row.createdAt,
    at: row.deliveredAt ?? row.createdAt,
    nextAttemptAt: row.status === 'pending' ? row.availableAt : null,
    history,
    summary,
  };
};

/**
 * Every notification of one complaint with where it stands, in creation order.
 * Join on `eventId` to place each under the event that caused it in a timeline.
 *
 * @example
 * for (const s of await deliveryStatus(store, 'C-17')) console.log(s.at, s.summary);
 */
export const deliveryStatus = async (
  store: { readonly outbox: Outbox },
  complaintId: string,
  now: Date = new Date(),
): Promise<DeliveryStatus[]> =>
  (await store.outbox.list({ streamId: complaintId })).map((row) => toDeliveryStatus(row, now));
