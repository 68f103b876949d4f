import { checkComplaintId } from './checkComplaintId';
import { verifyEvents, type VerifyResult } from '../audit/verifyEvents';
import { RedressError, isRedressError } from '../errors/redressError';
import type { EventStore } from '../store/eventStore';
import { readStore } from '../store/storeCall';

/**
 * `engine.verify`: read the complaint's whole history and check its schemas,
 * versions, hash chain and lifecycle, naming the first event that fails. Damage
 * is a result, never an error: an event the store itself refuses to hand out
 * (a body that is not JSON, or fails its schema) ends the check there with
 * `{ ok: false, version, reason }`, after the events before it were checked.
 * It throws only for what is not damage: `VALIDATION` for a bad id,
 * `NOT_FOUND` for a complaint with no events, `STORE_UNAVAILABLE` when the
 * store cannot be read.
 *
 * @example
 * const verify = verifier(store);
 * const result = await verify('C-1'); // { ok: true, events: 18, lastHash: '…' }
 */
export const verifier =
  (store: EventStore) =>
  async (complaintId: string): Promise<VerifyResult> => {
    checkComplaintId('verify', complaintId);
    const events: unknown[] = [];
    let refused: RedressError<'TAMPERED'> | undefined;
    try {
      await readStore(store.readStream(complaintId), (e) => events.push(e));
    } catch (error) {
      if (!isRedressError(error, 'TAMPERED')) throw error;
      refused = error;
    }
    if (events.length === 0 && refused === undefined)
      throw new RedressError('NOT_FOUND', `No complaint ${complaintId}; check the id`, { complaintId });
    const result = await verifyEvents(events, { streamId: complaintId });
    if (!result.ok || refused === undefined) return result;
    return {
      ok: false,
      version: refused.details?.version ?? events.length + 1,
      eventId: refused.details?.eventId,
      reason: refused.message,
      events: events.length,
    };
  };
