import { ERASED, isErased, type Erased } from './erased';
import type { PendingErasure, SubjectIndex } from './subjectIndex';
import { checkSubjectId, sameRecord, type KeyStore, type ListedKey, type WrappedKey } from './keyStore';

const copy = (record: WrappedKey): WrappedKey =>
  Object.freeze({ kekId: record.kekId, wrapped: Uint8Array.from(record.wrapped) });

/**
 * A key store in process memory, for tests, examples and the memory event
 * store (pair it with `ephemeralKek()`). Keys vanish with the process, which
 * erases everything. Destroying a key overwrites its bytes before dropping them.
 *
 * @example
 * const keys = subjectKeys({ store: memoryKeyStore(), kek: ephemeralKek() });
 */
export const memoryKeyStore = (): KeyStore & { readonly size: number; readonly index: SubjectIndex } => {
  const records = new Map<string, WrappedKey | Erased>();
  const complaints = new Map<string, string[]>();
  const pending = new Map<string, PendingErasure>();
  let complete = false;
  const index: SubjectIndex = {
    async link(links) {
      for (const { subjectId } of links) checkSubjectId(subjectId, 'memoryKeyStore.index.link');
      for (const { subjectId, complaintId } of links) {
        const list = complaints.get(subjectId) ?? [];
        if (!list.includes(complaintId)) list.push(complaintId);
        complaints.set(subjectId, list);
      }
    },
    async complaintsOf(subjectId) {
      return [...(complaints.get(subjectId) ?? [])];
    },
    async beginErasure(erasure) {
      checkSubjectId(erasure.subjectId, 'memoryKeyStore.index.beginErasure');
      if (!isErased(records.get(erasure.subjectId) ?? { erased: false })) pending.set(erasure.subjectId, erasure);
    },
    async pendingErasures() {
      return [...pending.values()];
    },
    async complete() {
      return complete;
    },
    async markComplete() {
      complete = true;
    },
  };
  return {
    index,
    get size() {
      return records.size;
    },
    async insert(subjectId, record) {
      checkSubjectId(subjectId, 'memoryKeyStore.insert');
      const held = records.get(subjectId);
      if (held !== undefined) return isErased(held) ? ERASED : copy(held);
      records.set(subjectId, copy(record));
      return copy(record);
    },
    async fetch(subjectId) {
      checkSubjectId(subjectId, 'memoryKeyStore.fetch');
      const held = records.get(subjectId);
      if (held === undefined) return undefined;
      return isErased(held) ? ERASED : copy(held);
    },
    async destroy(subjectId) {
      checkSubjectId(subjectId, 'memoryKeyStore.destroy');
      const held = records.get(subjectId);
      // The frozen record's array is still writable: wipe it, so no copy of the key lingers here.
      if (held !== undefined && !isErased(held)) (held.wrapped as Uint8Array).fill(0);
      records.set(subjectId, ERASED);
      pending.delete(subjectId);
    },
    async list({ kekId, after, limit }) {
      const found: ListedKey[] = [];
      for (const [subjectId, held] of records)
        if (
          !isErased(held) &&
          (kekId === undefined || held.kekId === kekId) &&
          (after === undefined || subjectId > after)
        )
          found.push({ subjectId, record: copy(held) });
      return found.sort((a, b) => (a.subjectId < b.subjectId ? -1 : 1)).slice(0, limit);
    },
    async replace(changes) {
      for (const { subjectId } of changes) checkSubjectId(subjectId, 'memoryKeyStore.replace');
      // All at once, with no await in between: nothing interleaves with this write.
      return changes.map(({ subjectId, expected, next }) => {
        const held = records.get(subjectId);
        if (held === undefined || isErased(held) || !sameRecord(held, expected)) return false;
        (held.wrapped as Uint8Array).fill(0);
        records.set(subjectId, copy(next));
        return true;
      });
    },
  };
};
