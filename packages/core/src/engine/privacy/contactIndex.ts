import { RedressError } from '../../errors/redressError';
import type { EventStore } from '../../store/eventStore';
import { readStore } from '../../store/storeCall';
import type { EnginePrivacy } from './enginePrivacy';

/**
 * What `engine.findComplaints` looks for: a phone number or an email address,
 * compared as the blind index normalises them.
 *
 * @example
 * await engine.findComplaints({ phone: '+86 138-0000-0000' });
 */
export type ContactQuery = { readonly phone: string } | { readonly email: string };

/**
 * A complaint the blind index found, with its subject (to record a new
 * complaint of the same person under the same key).
 *
 * @example
 * const [earlier] = await engine.findComplaints({ email: 'li.wei@example.com' });
 * await engine.execute({ ...receive, subjectId: earlier?.subjectId });
 */
export interface FoundComplaint {
  readonly complaintId: string;
  readonly subjectId: string;
}

/**
 * The blind index over the log: the tokens recorded at intake, read once and
 * then kept up to date from the global order. A lookup computes the token of
 * the query and compares tokens: nothing is decrypted. Erased subjects drop out.
 */
export const contactIndex = (store: EventStore, privacy: EnginePrivacy) => {
  let scanned = 0;
  const byToken = new Map<string, Map<string, string>>();
  const erased = new Set<string>();

  const catchUp = () =>
    readStore(store.readAll({ after: scanned }), (e) => {
      scanned = e.position;
      if (e.type === 'ComplaintReceived') {
        const { subjectId, contactIndex: tokens } = e.data;
        if (subjectId === undefined || tokens === undefined) return;
        for (const token of [tokens.phone, tokens.email]) {
          if (token === undefined) continue;
          const found = byToken.get(token) ?? new Map<string, string>();
          found.set(e.streamId, subjectId);
          byToken.set(token, found);
        }
      } else if (e.type === 'PersonalDataErased') erased.add(e.data.subjectId);
    });

  return async (query: ContactQuery): Promise<FoundComplaint[]> => {
    const index = privacy.index;
    if (index === undefined) {
      throw new RedressError(
        'VALIDATION',
        'findComplaints needs a blind-index key: createEngine({ privacy: { keys, indexKey: process.env.REDRESS_INDEX_KEY } })',
        { option: 'indexKey' },
      );
    }
    const q = query as { phone?: unknown; email?: unknown };
    const token =
      typeof q?.phone === 'string'
        ? index.phone(q.phone)
        : typeof q?.email === 'string'
          ? index.email(q.email)
          : undefined;
    if (token === undefined)
      throw new RedressError('VALIDATION', 'findComplaints takes { phone } or { email }', { option: 'query' });
    await catchUp();
    const out: FoundComplaint[] = [];
    for (const [complaintId, subjectId] of byToken.get(token) ?? []) {
      if (!erased.has(subjectId) && !privacy.erasing.has(subjectId)) out.push({ complaintId, subjectId });
    }
    return out;
  };
};
