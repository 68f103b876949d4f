import { verifyEvents, type VerifyResult } from '../audit/verifyEvents';
import type { ComplaintLoader } from './load';

/**
 * `engine.verify`: read the complaint's whole history and check its schemas,
 * versions, hash chain and lifecycle, naming the first event that fails.
 *
 * @example
 * const verify = verifier(complaintLoader(store, cache));
 * const result = await verify('C-1'); // { ok: true, events: 18, lastHash: '…' }
 */
export const verifier =
  (complaints: Pick<ComplaintLoader, 'history'>) =>
  async (complaintId: string): Promise<VerifyResult> =>
    verifyEvents(await complaints.history(complaintId), { streamId: complaintId });
