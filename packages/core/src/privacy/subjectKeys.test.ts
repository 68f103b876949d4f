import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { isRedressError } from '../errors/redressError';
import { isErased } from './erased';
import { ephemeralKek, type KeyEncryptionKey } from './kek';
import type { KeyStore } from './keyStore';
import { memoryKeyStore } from './memoryKeyStore';
import { subjectKeys, type SubjectKeysOptions } from './subjectKeys';

/** A memory key store that counts the calls made to it, and can hold a fetch back. */
const countingStore = () => {
  const inner = memoryKeyStore();
  const calls = { fetch: 0, insert: 0, destroy: 0 };
  let hold: Promise<void> | undefined;
  const store: KeyStore = {
    fetch: async (id) => {
      calls.fetch++;
      const found = await inner.fetch(id);
      // Held after reading: the answer is what the store said before anything that happens meanwhile.
      await hold;
      return found;
    },
    insert: async (id, record) => {
      calls.insert++;
      return inner.insert(id, record);
    },
    destroy: async (id) => {
      calls.destroy++;
      return inner.destroy(id);
    },
  };
  return { store, calls, holdFetches: (until: Promise<void>) => (hold = until) };
};

const codeOf = async (work: () => Promise<unknown>) => {
  try {
    await work();
  } catch (error) {
    return isRedressError(error)
      ? { code: error.code, message: error.message }
      : { code: `not a RedressError: ${String(error)}`, message: '' };
  }
  return { code: 'none', message: '' };
};

describe('the keyring of data subjects', () => {
  test('a key once unwrapped is served from the cache until it ages out', async () => {
    let now = 0;
    const { store, calls } = countingStore();
    const keys = subjectKeys({ store, kek: ephemeralKek(), cacheTtlMs: 1000, now: () => now });
    const key = await keys.create('S-1');
    const fetchesAfterCreate = calls.fetch;
    expect(await keys.get('S-1')).toBe(key);
    expect(await keys.create('S-1')).toBe(key);
    expect(calls.fetch).toBe(fetchesAfterCreate);
    now = 1000;
    const again = await keys.get('S-1');
    expect(calls.fetch).toBe(fetchesAfterCreate + 1);
    expect(again).not.toBe(key);
    expect(!isErased(again) && again?.key.equals(key.key)).toBe(true);
  });

  test('the cache holds at most cacheSize keys, dropping the least recently used', async () => {
    const { store, calls } = countingStore();
    const keys = subjectKeys({ store, kek: ephemeralKek(), cacheSize: 2 });
    for (const id of ['S-1', 'S-2', 'S-3']) await keys.create(id);
    const before = calls.fetch;
    await keys.get('S-3');
    await keys.get('S-2');
    expect(calls.fetch).toBe(before);
    await keys.get('S-1');
    expect(calls.fetch).toBe(before + 1);
  });

  test('with cacheSize 0 every lookup goes to the store', async () => {
    const { store, calls } = countingStore();
    const keys = subjectKeys({ store, kek: ephemeralKek(), cacheSize: 0 });
    await keys.create('S-1');
    const before = calls.fetch;
    await keys.get('S-1');
    await keys.get('S-1');
    expect(calls.fetch).toBe(before + 2);
  });

  test('concurrent lookups of one subject share one call to the store', async () => {
    const { store, calls } = countingStore();
    const keys = subjectKeys({ store, kek: ephemeralKek(), cacheSize: 0 });
    await keys.create('S-1');
    const before = calls.fetch;
    const found = await Promise.all(Array.from({ length: 10 }, () => keys.get('S-1')));
    expect(calls.fetch).toBe(before + 1);
    expect(new Set(found).size).toBe(1);
  });

  test('a lookup that was under way when the key was destroyed does not bring the key back', async () => {
    const { store, holdFetches } = countingStore();
    const kek = ephemeralKek();
    await subjectKeys({ store, kek }).create('S-1');
    const keys = subjectKeys({ store, kek });
    let release = () => {};
    holdFetches(new Promise<void>((resolve) => (release = resolve)));
    const lookup = keys.get('S-1');
    await keys.destroy('S-1');
    release();
    await lookup;
    expect(isErased(await keys.get('S-1'))).toBe(true);
  });

  test('printing a key shows no key material', async () => {
    const keys = subjectKeys({ store: memoryKeyStore(), kek: ephemeralKek() });
    const key = await keys.create('S-1');
    const raw = key.key.export();
    expect(inspect(key, { depth: 5 })).not.toContain(raw.toString('hex'));
    expect(JSON.stringify(key)).not.toContain(raw.toString('base64'));
  });

  test('a key-encryption key that fails is STORE_UNAVAILABLE naming it; one that unwraps to something else is TAMPERED', async () => {
    const store = memoryKeyStore();
    const good = ephemeralKek();
    await subjectKeys({ store, kek: good }).create('S-1');
    const down: KeyEncryptionKey = {
      id: good.id,
      wrap: good.wrap,
      unwrap: async () => Promise.reject(new Error('connect ECONNREFUSED')),
    };
    const failed = await codeOf(() => subjectKeys({ store, kek: down }).get('S-1'));
    expect(failed.code).toBe('STORE_UNAVAILABLE');
    expect(failed.message).toContain(good.id);
    const short: KeyEncryptionKey = { id: good.id, wrap: good.wrap, unwrap: () => new Uint8Array(16) };
    expect((await codeOf(() => subjectKeys({ store, kek: short }).get('S-1'))).code).toBe('TAMPERED');
  });

  test.each<[string, Partial<Record<keyof SubjectKeysOptions, unknown>>]>([
    ['store', { kek: ephemeralKek(), store: {} }],
    ['kek', { store: memoryKeyStore(), kek: 'secret' }],
    ['kek', { store: memoryKeyStore(), kek: { id: 'has space', wrap: () => {}, unwrap: () => {} } }],
    ['cacheSize', { store: memoryKeyStore(), kek: ephemeralKek(), cacheSize: -1 }],
    ['cacheTtlMs', { store: memoryKeyStore(), kek: ephemeralKek(), cacheTtlMs: 1.5 }],
    ['now', { store: memoryKeyStore(), kek: ephemeralKek(), now: 5 }],
  ])('a wrong %s is VALIDATION naming it', async (option, options) => {
    try {
      subjectKeys(options as SubjectKeysOptions);
      expect.unreachable();
    } catch (error) {
      expect(isRedressError(error, 'VALIDATION')).toBe(true);
      expect((error as { details: { option: string } }).details.option).toBe(option);
    }
  });
});
