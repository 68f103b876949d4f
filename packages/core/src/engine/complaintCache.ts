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
 */
export const complaintCache = (max: number) => {
  const entries = new Map<string, CachedComplaint>();
  return {
    get(id: string): CachedComplaint | undefined {
      const hit = entries.get(id);
      if (hit !== undefined) {
        entries.delete(id);
        entries.set(id, hit);
      }
      return hit;
    },
    set(id: string, entry: CachedComplaint) {
      if (max <= 0) return;
      entries.delete(id);
      entries.set(id, entry);
      if (entries.size > max) entries.delete(entries.keys().next().value as string);
    },
    delete(id: string) {
      entries.delete(id);
    },
  };
};
