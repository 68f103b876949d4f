import { isRedressError, RedressError } from '../errors/redressError';
import { isRecord, optionChecks, shownValue } from '../store/optionChecks';
import { KEK_ID, type KeyEncryptionKey, type WrapContext } from './kek';
import type { KeyReplacement, KeyStore } from './keyStore';

/**
 * Options of {@link rewrapKeys}.
 *
 * @example
 * const options: RewrapOptions = { store, from: secretKek(process.env.OLD_KEK), to: secretKek(process.env.REDRESS_KEK) };
 */
export interface RewrapOptions {
  /** The key store whose keys are re-wrapped; it must have `list` and `replace`. */
  readonly store: KeyStore;
  /** The key-encryption key being retired: the one the keys are wrapped by now. */
  readonly from: KeyEncryptionKey;
  /** The key-encryption key taking over; its id must differ from the old one's. */
  readonly to: KeyEncryptionKey;
  /** Keys re-wrapped per atomic write: 1 to 10,000. Default 500. */
  readonly batchSize?: number;
  /** Called after each batch is written, with the counts so far (a progress line, a log). */
  readonly onBatch?: (progress: RewrapProgress) => void | Promise<void>;
  /** Stops the run between two batches; what was written stays, and running again goes on from there. */
  readonly signal?: AbortSignal;
}

/**
 * What a re-wrap did so far.
 *
 * @example
 * const { rewrapped, skipped } = await rewrapKeys({ store, from, to });
 */
export interface RewrapProgress {
  /** Keys this run moved from the old key-encryption key to the new one. */
  readonly rewrapped: number;
  /** Keys found wrapped by the new key-encryption key already (an earlier run, or made since). */
  readonly already: number;
  /** Keys destroyed (or changed by another writer) while this run was at them: left exactly as they were. */
  readonly skipped: number;
  /**
   * Keys wrapped by neither key-encryption key, by the id of the one that
   * wrapped them: left alone. Keys of an old KEK given with the wrong id land
   * here, so a count here means the rotation is not what it seems.
   */
  readonly others: Readonly<Record<string, number>>;
}

/**
 * What {@link rewrapKeys} did.
 *
 * @example
 * const result = await rewrapKeys({ store, from, to });
 * if (!result.complete) console.log('keys were written under the old KEK meanwhile; run it again');
 */
export interface RewrapResult extends RewrapProgress {
  /** No key is wrapped by the old key-encryption key any more: it can be retired. */
  readonly complete: boolean;
}

const check = optionChecks('rewrapKeys');

const checkKek = (kek: unknown, name: 'from' | 'to'): KeyEncryptionKey => {
  const k = kek as Partial<KeyEncryptionKey> | undefined;
  if (!isRecord(kek) || typeof k?.wrap !== 'function' || typeof k.unwrap !== 'function')
    throw check.refuse(
      name,
      `${name} must be a key-encryption key { id, wrap, unwrap }, such as secretKek(process.env.REDRESS_KEK); got ${shownValue(kek)}`,
    );
  if (typeof k.id !== 'string' || !KEK_ID.test(k.id))
    throw check.refuse(name, `${name}.id must be letters, digits and - _ . : (at most 128)`);
  return kek as unknown as KeyEncryptionKey;
};

const kekFailure = (error: unknown, kek: KeyEncryptionKey, doing: string, subjectId: string) =>
  isRedressError(error)
    ? error
    : new RedressError(
        'STORE_UNAVAILABLE',
        `Key-encryption key ${kek.id} failed to ${doing} the data key of subject ${subjectId} (${error instanceof Error ? error.message : String(error)}); the keys re-wrapped so far stay, run it again to go on`,
        { subjectId, kekId: kek.id },
        { cause: error },
      );

/** Unwrap under `from`, wrap under `to`, and check the new wrapping gives the same key back before it is stored. */
const rewrapOne = async (from: KeyEncryptionKey, to: KeyEncryptionKey, change: Omit<KeyReplacement, 'next'>) => {
  const { subjectId } = change;
  const old: WrapContext = { subjectId, kekId: from.id };
  const now: WrapContext = { subjectId, kekId: to.id };
  let raw: Uint8Array | undefined;
  let back: Uint8Array | undefined;
  try {
    raw = await Promise.resolve(from.unwrap(change.expected.wrapped, old)).catch((e: unknown) => {
      throw kekFailure(e, from, 'unwrap', subjectId);
    });
    const wrapped = await Promise.resolve(to.wrap(raw, now)).catch((e: unknown) => {
      throw kekFailure(e, to, 'wrap', subjectId);
    });
    back = await Promise.resolve(to.unwrap(wrapped, now)).catch((e: unknown) => {
      throw kekFailure(e, to, 'unwrap', subjectId);
    });
    // A new KEK that does not give the key back would lose it for good: stop before anything is stored.
    if (Buffer.compare(back, raw) !== 0)
      throw new RedressError(
        'VALIDATION',
        `Key-encryption key ${to.id} does not unwrap what it wrapped for subject ${subjectId}; nothing of this batch was stored. Check the new key-encryption key`,
        { subjectId, kekId: to.id },
      );
    return { ...change, next: { kekId: to.id, wrapped: Uint8Array.from(wrapped) } };
  } finally {
    raw?.fill(0);
    back?.fill(0);
  }
};

/**
 * Rotate the key-encryption key: re-wrap every data key of a key store from
 * the old KEK (`from`) to the new one (`to`). The data keys themselves do not
 * change, so the log is not touched and every ciphertext still reads.
 *
 * Keys go in batches, each one atomic write that replaces a key only where it
 * is still exactly the record that was read: a crash, a kill or `signal`
 * leaves every key wrapped by one of the two KEKs (readable with a keyring
 * that has both: `subjectKeys({ store, kek: to, previousKeks: [from] })`),
 * and running it again goes on with the keys still under the old one. A key
 * destroyed meanwhile stays destroyed (the erasure fence is never lifted).
 * Each new wrapping is unwrapped once before it is stored, so a new KEK that
 * does not give the key back stops the run with nothing of its batch lost.
 * `complete` is false when keys were written under the old KEK while the run
 * went on: run it again once every writer has the new one. Keys of any other
 * KEK are left alone and counted in `others`.
 *
 * @example
 * const result = await rewrapKeys({
 *   store: sqliteKeyStore({ path: 'complaints.keys.db' }),
 *   from: secretKek(process.env.REDRESS_OLD_KEK),
 *   to: secretKek(process.env.REDRESS_KEK),
 * });
 * console.log(result); // { rewrapped: 1204, already: 0, skipped: 0, others: {}, complete: true }
 */
export const rewrapKeys = async (options: RewrapOptions): Promise<RewrapResult> => {
  if (!isRecord(options))
    throw check.refuse('store', `rewrapKeys takes { store, from, to }; got ${shownValue(options)}`);
  const store = options.store as Partial<KeyStore> | undefined;
  if (!isRecord(store) || typeof store.fetch !== 'function')
    throw check.refuse('store', `store must be a key store; got ${shownValue(store)}`);
  if (typeof store.list !== 'function' || typeof store.replace !== 'function')
    throw check.refuse(
      'store',
      'this key store cannot list and replace its keys (the optional list and replace of the KeyStore port), so its keys cannot be re-wrapped in place; add them to the adapter, or copy the keys into a store that has them',
    );
  const from = checkKek(options.from, 'from');
  const to = checkKek(options.to, 'to');
  if (from.id === to.id)
    throw check.refuse(
      'to',
      `the new key-encryption key has the id of the old one (${from.id}); a rotation needs a new id, which is how a key already re-wrapped is told from one that is not`,
    );
  const batchSize = check.count(
    options as unknown as Record<string, unknown>,
    'batchSize',
    { min: 1, max: 10_000 },
    500,
  );
  const list = store.list.bind(store);
  const replace = store.replace.bind(store);

  let rewrapped = 0;
  let already = 0;
  let skipped = 0;
  const others: Record<string, number> = {};
  const progress = (): RewrapProgress => ({ rewrapped, already, skipped, others: { ...others } });
  let after: string | undefined;
  // Every stored key, in pages: those of the old KEK re-wrapped, the others counted, so a wrong id shows.
  for (;;) {
    if (options.signal?.aborted === true) return { ...progress(), complete: false };
    const page = await list({ after, limit: batchSize });
    if (page.length === 0) break;
    const changes: KeyReplacement[] = [];
    for (const { subjectId, record } of page) {
      if (record.kekId === from.id) changes.push(await rewrapOne(from, to, { subjectId, expected: record }));
      else if (record.kekId === to.id) already++;
      else others[record.kekId] = (others[record.kekId] ?? 0) + 1;
    }
    if (changes.length > 0) {
      const done = await replace(changes);
      const moved = done.filter(Boolean).length;
      rewrapped += moved;
      skipped += changes.length - moved;
    }
    after = page[page.length - 1]?.subjectId;
    await options.onBatch?.(progress());
  }
  // Keys another writer made under the old KEK behind the cursor while this ran.
  const left = await list({ kekId: from.id, limit: 1 });
  return { ...progress(), complete: left.length === 0 };
};
