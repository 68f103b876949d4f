import { isErased, type DataKey, type Erased, type KeyStore } from '@redress/core';
import { afterEach, beforeEach, expect } from 'vitest';

/**
 * What a key-store contract factory returns: a fresh, empty key store, and
 * what the durable ones can also give.
 *
 * @example
 * const made: KeyStoreUnderTest = { store: memoryKeyStore() };
 */
export interface KeyStoreUnderTest {
  readonly store: KeyStore;
  /**
   * Another handle on the same keys, as another process would open it (a new
   * connection to the same file or table). Durable stores give one; the suite
   * then checks that keys and the erasure fence survive it and that creates
   * racing through two handles agree. Handles it returns are closed by the suite.
   */
  readonly reopen?: () => Promise<KeyStore>;
  /**
   * Every byte the store keeps at rest (its files, its table's pages). Durable
   * stores give it; the suite then checks that no data key is there in clear and
   * that a destroyed key's wrapped bytes are gone.
   */
  readonly bytesAtRest?: () => Promise<Uint8Array>;
  readonly cleanup?: () => Promise<void>;
}

/**
 * Makes a fresh, empty key store for each test of the key-store contract suite.
 *
 * @example
 * const factory: KeyStoreFactory = async () => ({ store: sqliteKeyStore({ path: tempFile() }) });
 */
export type KeyStoreFactory = () => Promise<KeyStoreUnderTest>;

/** A fresh key store for every test of the enclosing `describe`, and the handles a test opened. */
export const keyStoreContext = (factory: KeyStoreFactory) => {
  let current: KeyStoreUnderTest | undefined;
  const opened: KeyStore[] = [];
  beforeEach(async () => {
    current = await factory();
  });
  afterEach(async () => {
    const done = current;
    current = undefined;
    for (const handle of opened.splice(0)) await handle.close?.();
    await done?.store.close?.();
    await done?.cleanup?.();
  });
  const made = (): KeyStoreUnderTest => {
    if (current === undefined) throw new Error('The key store is only available inside a test');
    return current;
  };
  return {
    get store(): KeyStore {
      return made().store;
    },
    get durable(): boolean {
      return made().reopen !== undefined;
    },
    /** A second handle on the same keys; the first store again when the store has no other. */
    async reopen(): Promise<KeyStore> {
      const { reopen, store } = made();
      if (reopen === undefined) return store;
      const handle = await reopen();
      opened.push(handle);
      return handle;
    },
    bytesAtRest: async (): Promise<Buffer | undefined> => {
      const read = made().bytesAtRest;
      return read === undefined ? undefined : Buffer.from(await read());
    },
  };
};

/** The raw bytes of a data key, to compare keys and to look for them where they must not be. */
export const rawKey = (key: DataKey | Erased | undefined): Buffer => {
  expect(key, 'expected a data key').toBeDefined();
  if (key === undefined || isErased(key)) throw new Error('expected a data key, got none or the erased marker');
  return key.key.export();
};
