import type { OutboxRecord } from '../store/eventStore';
import { transientFailure, type DeliveryChannel, type DeliveryResult } from './channel';

/**
 * One delivery through a channel, bounded by `timeoutMs`: a channel that throws
 * or does not answer in time counts as a transient failure.
 *
 * @example
 * const result = await deliverOne(channel, row, 15_000);
 */
export const deliverOne = async (
  channel: DeliveryChannel,
  row: OutboxRecord,
  timeoutMs: number,
): Promise<DeliveryResult> => {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DeliveryResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
      resolve(transientFailure(`no answer from channel "${channel.name}" within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  const message = {
    id: row.id,
    streamId: row.streamId,
    eventId: row.eventId,
    channel: row.channel,
    payload: row.payload,
    attempt: row.attempts,
  };
  const sent = channel.send(message, { idempotencyKey: row.id, signal: controller.signal }).then(
    (r): DeliveryResult =>
      typeof r === 'object' && r !== null && typeof r.ok === 'boolean'
        ? r
        : transientFailure(
            // Not the value itself: it may hold anything, the recipient's address included.
            `channel "${channel.name}" returned ${r === null ? 'null' : Array.isArray(r) ? 'an array' : typeof r}, not a DeliveryResult ({ ok: true } or { ok: false, kind, error }); fix the channel`,
          ),
    (e: unknown) => transientFailure(`channel "${channel.name}" threw: ${e instanceof Error ? e.message : String(e)}`),
  );
  try {
    return await Promise.race([sent, timeout]);
  } finally {
    clearTimeout(timer);
  }
};
