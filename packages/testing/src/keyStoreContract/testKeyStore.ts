import { describe } from 'vitest';
import { atRestFeatures } from './atRestFeatures';
import { concurrencyFeatures } from './concurrencyFeatures';
import { erasureFeatures } from './erasureFeatures';
import { kekFeatures } from './kekFeatures';
import { keyStoreContext, type KeyStoreFactory } from './keyStoreContext';
import { rewrapFeatures } from './rewrapFeatures';
import { roundTripFeatures } from './roundTripFeatures';
import { subjectIndexFeatures } from './subjectIndexFeatures';

/**
 * The key-store contract suite: registers vitest tests that every `KeyStore`
 * must pass, through `subjectKeys` — create and get, one key per subject,
 * unknown subjects, destroy and the erasure fence (erased, never re-created,
 * never taken for unknown), creates racing within and across handles, the
 * wrong key-encryption key, rotating the key-encryption key (`rewrapKeys`
 * over the optional `list` and `replace`: complete, atomic per batch,
 * resumable, never lifting the fence), the optional subject index (links
 * in order, erasures pending until destroy, the filled mark), and, for durable stores, that no data
 * key is at rest in clear and that destroyed keys' and old wrappings' bytes are gone. `factory` gives a fresh,
 * empty store per test; durable stores also give `reopen` and `bytesAtRest`.
 *
 * @example
 * // vaultKeyStore.test.ts
 * import { testKeyStore } from '@redress/testing';
 * testKeyStore('vault', async () => {
 *   const store = vaultKeyStore({ mount: `test-${randomUUID()}` });
 *   return { store, cleanup: () => dropMount(store) };
 * });
 */
export const testKeyStore = (name: string, factory: KeyStoreFactory): void => {
  describe(`KeyStore contract: ${name}`, () => {
    const ctx = keyStoreContext(factory);
    roundTripFeatures(ctx);
    erasureFeatures(ctx);
    concurrencyFeatures(ctx);
    kekFeatures(ctx);
    atRestFeatures(ctx);
    rewrapFeatures(ctx);
    subjectIndexFeatures(ctx);
  });
};
