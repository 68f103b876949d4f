import type { Complaint } from '../domain/complaint';

/** A loaded complaint and the commands (by id) that produced its events. */
export interface CachedComplaint {
  readonly complaint: Complaint;
  /** commandId → the versions its events got. */
  readonly commands: ReadonlyMap<string, { readonly from: number; readonly to: number }>;
}

/**
 * A bounded least-recently-used cache of folded complaints. It is only a cache:
 * appends still carry `expectedVersion`, so a stale entry costs one retry.
 *
 * @example
 * const cache = complaintCache(10_000);
 * cache.set(complaint.id, { complaint, commands: new Map() });
 */
export const complaintCache = (max: number) => {
  const entries = new Map<string, CachedComplaint>();
  const get = (id: string): CachedComplaint | undefined => {
    const hit = entries.get(id);
    if (hit !== undefined) {
      entries.delete(id);
      entries.set(id, hit);
    }
    return hit;
  };
  const set = (id: string, entry: CachedComplaint) => {
    if (max <= 0) return;
    entries.delete(id);
    entries.set(id, entry);
    if (entries.size > max) entries.delete(entries.keys().next().value as string);
  };
  const remove = (id: string) => {
    entries.delete(id);
  };
  return {
    get,
    set,
    delete: remove,
    /** `after` was appended onto `before`: keep it if `before` is what the cache held, else forget the complaint. */
    advance(before: Complaint, after: Complaint) {
      const hit = get(before.id);
      if (hit?.complaint === before) set(before.id, { complaint: after, commands: hit.commands });
      else remove(before.id);
    },
  };
};

/** What `complaintCache` returns. */
export type ComplaintCache = ReturnType<typeof complaintCache>;
