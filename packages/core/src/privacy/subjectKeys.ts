import { isRedressError, RedressError } from '../errors/redressError';
import { isRecord, optionChecks, shownValue } from '../store/optionChecks';
import { importDataKey, newDataKeyBytes, type DataKey } from './dataKey';
import { ERASED, isErased, type Erased } from './erased';
import { KEK_ID, type KeyEncryptionKey } from './kek';
import { keyCache } from './keyCache';
import { checkSubjectId, type KeyStore, type WrappedKey } from './keyStore';
import type { SubjectIndex } from './subjectIndex';

/**
 * Options of {@link subjectKeys}.
 *
 * @example
 * const options: SubjectKeysOptions = { store: sqliteKeyStore({ path: 'complaints.keys.db' }), kek: secretKek(process.env.REDRESS_KEK) };
 */
export interface SubjectKeysOptions {
  /** Where the wrapped keys live. */
  readonly store: KeyStore;
  /** Wraps new keys and unwraps stored ones. */
  readonly kek: KeyEncryptionKey;
  /**
   * Key-encryption keys being retired: stored keys they wrapped are still
   * unwrapped, new keys are always wrapped by `kek`. For the time a rotation
   * ({@link rewrapKeys}) runs; leave them out once it is complete.
   */
  readonly previousKeks?: readonly KeyEncryptionKey[];
  /** Unwrapped keys kept in memory: 0 to 1,000,000. Default 10,000. */
  readonly cacheSize?: number;
  /**
   * How long an unwrapped key stays cached: 0 to 86,400,000 ms. Default 60,000. It bounds
   * how long another process that cached a key can still use it after it was destroyed here.
   */
  readonly cacheTtlMs?: number;
  /** The clock the cache ages by (ms); default `Date.now`. */
  readonly now?: () => number;
}

/**
 * The data keys of data subjects: made, wrapped and stored on first use, read
 * back and unwrapped, destroyed on erasure. See {@link subjectKeys}.
 *
 * @example
 * const key = await keys.create('S-8f3a');
 */
export interface SubjectKeys {
  /**
   * The subject's data key, made and stored when it has none. Concurrent calls,
   * here or in other processes sharing the store, get the same key. An erased
   * subject is refused with `CONFLICT`: its key can never be made again.
   */
  create(subjectId: string): Promise<DataKey>;
  /** The subject's data key, {@link ERASED} once destroyed, `undefined` when it never had one. */
  get(subjectId: string): Promise<DataKey | Erased | undefined>;
  /** Crypto-shred: destroy the subject's key for good (and fence it). Idempotent. */
  destroy(subjectId: string): Promise<void>;
  /** The key-encryption key's id. */
  readonly kekId: string;
  /** The key store's subject index, when it keeps one. */
  readonly index?: SubjectIndex | undefined;
  /** Close the key store. */
  close(): Promise<void>;
}

const check = optionChecks('subjectKeys');

const checkKek = (kek: unknown): KeyEncryptionKey => {
  const k = kek as Partial<KeyEncryptionKey> | undefined;
  if (!isRecord(kek) || typeof k?.wrap !== 'function' || typeof k.unwrap !== 'function') {
    throw check.refuse(
      'kek',
      `kek must be a key-encryption key { id, wrap(key, context), unwrap(wrapped, context) }, such as secretKek(process.env.REDRESS_KEK); got ${shownValue(kek)}`,
    );
  }
  if (typeof k.id !== 'string' || !KEK_ID.test(k.id)) {
    throw check.refuse(
      'kek',
      'kek.id must be letters, digits and - _ . : (at most 128, starting with a letter or digit)',
    );
  }
  return kek as unknown as KeyEncryptionKey;
};

const checkStore = (store: unknown): KeyStore => {
  const s = store as Partial<KeyStore> | undefined;
  if (
    !isRecord(store) ||
    typeof s?.insert !== 'function' ||
    typeof s.fetch !== 'function' ||
    typeof s.destroy !== 'function'
  ) {
    throw check.refuse(
      'store',
      `store must be a key store { insert, fetch, destroy }, such as memoryKeyStore(); got ${shownValue(store)}`,
    );
  }
  return store as unknown as KeyStore;
};

const erasedRefusal = (subjectId: string) =>
  new RedressError(
    'CONFLICT',
    `Subject ${subjectId} was erased: its data key was destroyed and can never be made again. Record new personal data under a new subject id`,
    { subjectId, erased: true },
  );

/**
 * The keyring of data subjects over a {@link KeyStore}: one random AES-256 data
 * key per subject, stored wrapped by the application's key-encryption key.
 * Unwrapped keys are cached (bounded in number and age), and concurrent lookups
 * of one subject share one call to the store. A stored key wrapped by another
 * key-encryption key is `VALIDATION` naming both ids; one that does not unwrap is
 * `TAMPERED`. No message holds key material.
 *
 * @example
 * const keys = subjectKeys({ store: memoryKeyStore(), kek: ephemeralKek() });
 * const key = await keys.create('S-8f3a');
 * await keys.destroy('S-8f3a');
 * await keys.get('S-8f3a'); // { erased: true }
 */
export const subjectKeys = (options: SubjectKeysOptions): SubjectKeys => {
  if (!isRecord(options)) throw check.refuse('store', `subjectKeys takes { store, kek }; got ${shownValue(options)}`);
  const store = checkStore(options.store);
  const kek = checkKek(options.kek);
  if (options.previousKeks !== undefined && !Array.isArray(options.previousKeks))
    throw check.refuse(
      'previousKeks',
      `previousKeks must be a list of key-encryption keys; got ${shownValue(options.previousKeks)}`,
    );
  const keks = new Map<string, KeyEncryptionKey>([[kek.id, kek]]);
  for (const previous of options.previousKeks ?? []) {
    const checked = checkKek(previous);
    if (!keks.has(checked.id)) keks.set(checked.id, checked);
  }
  const size = check.count(
    options as unknown as Record<string, unknown>,
    'cacheSize',
    { min: 0, max: 1_000_000 },
    10_000,
  );
  const ttl = check.count(
    options as unknown as Record<string, unknown>,
    'cacheTtlMs',
    { min: 0, max: 86_400_000 },
    60_000,
  );
  if (options.now !== undefined && typeof options.now !== 'function')
    throw check.refuse('now', `now must be a function returning milliseconds; got ${shownValue(options.now)}`);
  const cache = keyCache<DataKey | Erased>(size, ttl, options.now ?? Date.now);
  const inFlight = new Map<string, Promise<DataKey | Erased | undefined>>();
  // Bumped by destroy, so a lookup that was under way does not cache a key destroyed meanwhile.
  const epochs = new Map<string, number>();

  const unwrap = async (subjectId: string, record: WrappedKey): Promise<DataKey> => {
    const by = keks.get(record.kekId);
    if (by === undefined) {
      throw new RedressError(
        'VALIDATION',
        `The data key of subject ${subjectId} is wrapped by key-encryption key ${record.kekId}, but this keyring has ${[...keks.keys()].join(', ')}; supply the key-encryption key the keys were written with`,
        { subjectId, storedKekId: record.kekId, kekId: kek.id },
      );
    }
    let raw: Uint8Array;
    try {
      raw = await by.unwrap(record.wrapped, { subjectId, kekId: by.id });
    } catch (error) {
      if (isRedressError(error)) throw error;
      throw new RedressError(
        'STORE_UNAVAILABLE',
        `Key-encryption key ${by.id} failed to unwrap the data key of subject ${subjectId} (${error instanceof Error ? error.message : String(error)}); nothing was changed, try again`,
        { subjectId, kekId: by.id },
        { cause: error },
      );
    }
    try {
      return importDataKey(subjectId, raw);
    } finally {
      raw.fill(0);
    }
  };

  /** One lookup per subject at a time; the result is cached unless a destroy came in between. */
  const shared = (subjectId: string, work: () => Promise<DataKey | Erased | undefined>) => {
    const running = inFlight.get(subjectId);
    if (running !== undefined) return running;
    const epoch = epochs.get(subjectId) ?? 0;
    const call = work()
      .then((found) => {
        if (found !== undefined && (epochs.get(subjectId) ?? 0) === epoch) cache.set(subjectId, found);
        return found;
      })
      .finally(() => inFlight.delete(subjectId));
    inFlight.set(subjectId, call);
    return call;
  };

  const lookup = (subjectId: string) =>
    shared(subjectId, async () => {
      const record = await store.fetch(subjectId);
      if (record === undefined) return undefined;
      return isErased(record) ? ERASED : unwrap(subjectId, record);
    });

  const make = async (subjectId: string): Promise<DataKey | Erased> => {
    const raw = newDataKeyBytes();
    try {
      const record: WrappedKey = { kekId: kek.id, wrapped: await kek.wrap(raw, { subjectId, kekId: kek.id }) };
      const held = await store.insert(subjectId, record);
      if (isErased(held)) return ERASED;
      // Another writer may have stored its key first: theirs is the subject's key.
      return held.kekId === record.kekId && Buffer.compare(held.wrapped, record.wrapped) === 0
        ? importDataKey(subjectId, raw)
        : unwrap(subjectId, held);
    } finally {
      raw.fill(0);
    }
  };

  return {
    kekId: kek.id,
    ...(store.index === undefined ? {} : { index: store.index }),
    async get(subjectId) {
      checkSubjectId(subjectId, 'subjectKeys.get');
      return cache.get(subjectId) ?? lookup(subjectId);
    },
    async create(subjectId) {
      checkSubjectId(subjectId, 'subjectKeys.create');
      let found = cache.get(subjectId) ?? (await lookup(subjectId));
      // Joining a lookup that is under way may still find nothing; then go round and make the key
      // (the store keeps whichever key was inserted first, here or elsewhere).
      while (found === undefined) found = await shared(subjectId, () => make(subjectId));
      if (isErased(found)) throw erasedRefusal(subjectId);
      return found;
    },
    async destroy(subjectId) {
      checkSubjectId(subjectId, 'subjectKeys.destroy');
      epochs.set(subjectId, (epochs.get(subjectId) ?? 0) + 1);
      cache.delete(subjectId);
      inFlight.delete(subjectId);
      await store.destroy(subjectId);
      epochs.set(subjectId, (epochs.get(subjectId) ?? 0) + 1);
      cache.set(subjectId, ERASED);
    },
    async close() {
      await store.close?.();
    },
  };
};
