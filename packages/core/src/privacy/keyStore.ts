import { RedressError } from '../errors/redressError';
import type { Erased } from './erased';
import type { SubjectIndex } from './subjectIndex';

/**
 * A data key as a key store holds it: wrapped by a key-encryption key, and the
 * id of that key-encryption key. Never the key itself.
 *
 * @example
 * const record: WrappedKey = { kekId: kek.id, wrapped: await kek.wrap(rawKey, { subjectId, kekId: kek.id }) };
 */
export interface WrappedKey {
  readonly kekId: string;
  readonly wrapped: Uint8Array;
}

/**
 * The key-store port: where the wrapped data keys of data subjects live, and the
 * erasure fence. It stores bytes only (wrapping, unwrapping and caching are
 * `subjectKeys`'s), so an adapter for another database, Vault's KV engine or a
 * cloud secret store is three small functions. The contract suite in
 * `@redress/testing` (`testKeyStore`) checks one.
 *
 * The rules:
 * - `insert` stores the record for a subject that has none, atomically, and
 *   returns what the store holds afterwards: the record given, the record a
 *   concurrent or earlier insert stored (never replaced), or the erased marker.
 * - `fetch` returns the record, the erased marker, or `undefined` for a subject
 *   the store has never heard of.
 * - `destroy` removes the wrapped bytes for good and remembers the subject as
 *   erased (the fence), whether or not it had a key; doing it again is a no-op.
 *   An erased subject never gets a record again. Durable stores must make sure
 *   the bytes are gone from their files, not just hidden.
 *
 * @example
 * const vaultKeyStore = (vault: Vault): KeyStore => ({
 *   async insert(subjectId, record) { … check-and-set on `keys/${subjectId}`, return what is there … },
 *   async fetch(subjectId) { … read it; `{ erased: true }` for a tombstone … },
 *   async destroy(subjectId) { … write the tombstone, destroy every version … },
 * });
 */
export interface KeyStore {
  insert(subjectId: string, record: WrappedKey): Promise<WrappedKey | Erased>;
  fetch(subjectId: string): Promise<WrappedKey | Erased | undefined>;
  destroy(subjectId: string): Promise<void>;
  /**
   * For rotating the key-encryption key (`rewrapKeys`): the stored keys
   * (those wrapped by `kekId` when it is given), in subject-id order after
   * `after`, at most `limit`. Erased subjects are never listed. Optional: a store without it cannot be re-wrapped in place.
   */
  list?(options: KeyListing): Promise<readonly ListedKey[]>;
  /**
   * For rotating the key-encryption key: replace stored records in one atomic
   * write (all or none), each only where the subject still holds exactly
   * `expected` (the same KEK id and bytes). An erased subject, or one whose
   * record changed meanwhile, is left as it is. Says, in order, which were replaced.
   */
  replace?(changes: readonly KeyReplacement[]): Promise<readonly boolean[]>;
  /**
   * The subject index kept beside the keys: each subject's complaints and the
   * erasures begun, so erasure needs no scan of the log. Optional.
   */
  readonly index?: SubjectIndex;
  /** Release connections or files the store opened itself. */
  close?(): Promise<void>;
}

/**
 * What {@link KeyStore.list} is asked for: one page of the stored keys, or of
 * those one key-encryption key wrapped.
 *
 * @example
 * await store.list?.({ kekId: 'kek-1a2b3c4d5e6f7081', after: 'S-0042', limit: 500 });
 */
export interface KeyListing {
  /** Only keys wrapped by this key-encryption key; every live key when absent. */
  readonly kekId?: string | undefined;
  /** Only subjects whose id sorts after this one (by code unit); from the start when absent. */
  readonly after?: string | undefined;
  /** At most this many, at least 1. */
  readonly limit: number;
}

/**
 * One stored key as {@link KeyStore.list} gives it.
 *
 * @example
 * const [{ subjectId, record }] = await store.list?.({ kekId, limit: 1 }) ?? [];
 */
export interface ListedKey {
  readonly subjectId: string;
  readonly record: WrappedKey;
}

/**
 * One record to swap in {@link KeyStore.replace}: `next` where the subject holds `expected`.
 *
 * @example
 * await store.replace?.([{ subjectId: 'S-8f3a', expected: old, next: { kekId: newKek.id, wrapped } }]);
 */
export interface KeyReplacement {
  readonly subjectId: string;
  readonly expected: WrappedKey;
  readonly next: WrappedKey;
}

/**
 * Whether two wrapped keys are the same record: the same KEK id and the same bytes.
 *
 * @example
 * sameRecord(held, expected); // true when nothing changed it
 */
export const sameRecord = (a: WrappedKey, b: WrappedKey): boolean =>
  a.kekId === b.kekId && Buffer.compare(a.wrapped, b.wrapped) === 0;

/**
 * A subject id: an opaque id, never personal data (it is stored in clear beside
 * every encrypted value). Letters, digits and `- _ . :`, at most 128; no `@` or
 * spaces, so an email or a name is refused.
 *
 * @example
 * SUBJECT_ID.test('S-8f3a'); // true
 * SUBJECT_ID.test('li.wei@example.com'); // false
 */
export const SUBJECT_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/**
 * Check a subject id, with `VALIDATION` otherwise. The message never shows the
 * value: a wrong one is often the personal data it must not be.
 *
 * @example
 * checkSubjectId('S-8f3a', 'keys.create'); // 'S-8f3a'
 * checkSubjectId('li.wei@example.com', 'keys.create'); // throws VALIDATION
 */
export const checkSubjectId = (subjectId: unknown, owner: string): string => {
  if (typeof subjectId === 'string' && SUBJECT_ID.test(subjectId)) return subjectId;
  const what =
    typeof subjectId === 'string'
      ? `a string of ${subjectId.length} characters that is not one`
      : `${subjectId === null ? 'null' : typeof subjectId}`;
  throw new RedressError(
    'VALIDATION',
    `${owner}: a subject id must be an opaque id (letters, digits and - _ . :, at most 128, starting with a letter or digit), never personal data such as a name or an email; got ${what}`,
    { option: 'subjectId' },
  );
};
