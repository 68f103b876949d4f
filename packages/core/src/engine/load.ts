import { chainChecker } from '../audit/chainCheck';
import type { Complaint } from '../domain/complaint';
import type { StoredEvent } from '../domain/envelope';
import { RedressError } from '../errors/redressError';
import type { EventStore } from '../store/eventStore';
import { readStore } from '../store/storeCall';
import type { CachedComplaint, ComplaintCache } from './complaintCache';
import { checkComplaintId } from './checkComplaintId';
import { replayer } from './replay';

/**
 * What `engine.load` takes to fold a complaint as it stood at a version or a time.
 *
 * @example
 * await engine.load('C-1', { at: new Date('2026-01-31T23:59:59Z') });
 */
export interface LoadOptions {
  readonly atVersion?: number;
  readonly at?: Date;
}

const checkLoadArgs = (complaintId: string, { atVersion, at }: LoadOptions) => {
  checkComplaintId('load', complaintId);
  if (atVersion !== undefined && (!Number.isInteger(atVersion) || atVersion < 1)) {
    throw new RedressError('VALIDATION', `atVersion must be a whole number ≥ 1, got ${String(atVersion)}`);
  }
  if (at !== undefined && (!(at instanceof Date) || Number.isNaN(at.getTime()))) {
    throw new RedressError('VALIDATION', 'at must be a valid Date');
  }
};

/**
 * Reading complaints for the engine: folds streams from the store through the
 * transition table, keeping the latest fold of each in `cache`. Every read
 * checks the hash chain of what it reads (`chainChecker`): a break is
 * `TAMPERED`, and nothing is folded, cached or appended on top of it.
 *
 * @example
 * const complaints = complaintLoader(store, complaintCache(10_000));
 * const complaint = await complaints.load('C-1', { atVersion: 3 });
 */
export const complaintLoader = (store: EventStore, cache: ComplaintCache) => {
  /** Fold the stream from the store, continuing from `from` if given; the fold replaces the cache entry. */
  const readFrom = async (id: string, from?: CachedComplaint): Promise<CachedComplaint | undefined> => {
    const r = replayer(from);
    const fromVersion = (from?.complaint.version ?? 0) + 1;
    const chain = chainChecker(from?.complaint.version, from?.complaint.lastHash);
    let erased = false;
    await readStore(store.readStream(id, { fromVersion }), (e) => {
      chain.check(e);
      erased ||= e.type === 'PersonalDataErased';
      r.add(e);
    });
    // The fold so far holds personal data that is now erased: fold the stream again from its start.
    if (erased && from !== undefined) return readFrom(id);
    if (r.state.complaint === undefined) return undefined;
    if (from !== undefined && r.state.complaint === from.complaint) return from;
    const entry = { complaint: r.state.complaint, commands: r.state.commands };
    cache.set(id, entry);
    return entry;
  };

  /** The complaint as it stood at a version, or at a time. */
  const foldUntil = async (complaintId: string, { atVersion, at }: LoadOptions): Promise<Complaint | undefined> => {
    const r = replayer();
    const limit = at?.toISOString();
    // Stop at the first event after `at`: writers with skewed clocks can record a later
    // version with an earlier time, and skipping past it would leave a version gap.
    let past = false;
    const chain = chainChecker();
    await readStore(store.readStream(complaintId, atVersion === undefined ? {} : { toVersion: atVersion }), (e) => {
      past ||= limit !== undefined && e.occurredAt > limit;
      if (past) return;
      chain.check(e);
      r.add(e);
    });
    const complaint = r.state.complaint;
    if (complaint !== undefined && atVersion !== undefined && complaint.version < atVersion) {
      throw new RedressError(
        'VALIDATION',
        `Complaint ${complaintId} has only ${complaint.version} events; atVersion ${atVersion} is beyond it`,
      );
    }
    return complaint;
  };

  return {
    /** The cached fold, trusted as it is (an append's version check catches a stale one), or the stream read. */
    cached: async (id: string) => cache.get(id) ?? (await readFrom(id)),
    /** The cached fold caught up with the store. */
    current: (id: string) => readFrom(id, cache.get(id)),
    /** The stream read from its first event, whatever the cache holds. */
    fresh: (id: string) => {
      cache.delete(id);
      return readFrom(id);
    },

    /** The complaint now, or as it stood at `atVersion` or at `at`; `NOT_FOUND` if it did not exist. */
    async load(complaintId: string, options: LoadOptions = {}): Promise<Complaint> {
      checkLoadArgs(complaintId, options);
      const { atVersion, at } = options;
      const complaint =
        atVersion === undefined && at === undefined
          ? (await readFrom(complaintId, cache.get(complaintId)))?.complaint
          : await foldUntil(complaintId, options);
      if (complaint === undefined) {
        const when = at !== undefined ? ` at ${at.toISOString()}` : '';
        throw new RedressError('NOT_FOUND', `No complaint ${complaintId}${when}; check the id`, { complaintId });
      }
      return complaint;
    },

    /** Every stored event of the complaint, in order; `NOT_FOUND` if it has none. */
    async history(complaintId: string): Promise<StoredEvent[]> {
      checkComplaintId('history', complaintId);
      const events: StoredEvent[] = [];
      const chain = chainChecker();
      await readStore(store.readStream(complaintId), (e) => {
        chain.check(e);
        events.push(e);
      });
      if (events.length === 0)
        throw new RedressError('NOT_FOUND', `No complaint ${complaintId}; check the id`, { complaintId });
      return events;
    },
  };
};

/** What `complaintLoader` returns. */
export type ComplaintLoader = ReturnType<typeof complaintLoader>;
