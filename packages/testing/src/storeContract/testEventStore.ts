import { describe } from 'vitest';
import { appendFeatures } from './appendFeatures';
import { checkpointFeatures } from './checkpointFeatures';
import { dueFeatures } from './dueFeatures';
import { leaseFeatures } from './leaseFeatures';
import { merkleFeatures } from './merkleFeatures';
import { modelFeatures } from './modelFeatures';
import { outboxFeatures } from './outboxFeatures';
import { payloadFeatures } from './payloadFeatures';
import { readFeatures } from './readFeatures';
import { storeContext, type StoreFactory } from './storeContext';

/**
 * The store contract suite: registers vitest tests that every `EventStore` must
 * pass — append and read back, version conflicts, atomicity with the outbox,
 * racing writers, global order, `readAll` paging, stream ranges, payloads of any
 * size and script, schema versions, the outbox, checkpoints, leases, due moments and the Merkle tree (each skipped for a
 * store without `leases`, `dueMoments` or `merkle`). `factory` must
 * give a fresh, empty store for each test; `close()` and `cleanup` run after it.
 *
 * @example
 * // myStore.test.ts
 * import { testEventStore } from '@redress/testing';
 * testEventStore('my store', async () => {
 *   const store = myStore({ url });
 *   return { store, cleanup: () => dropEverything(url) };
 * });
 */
export const testEventStore = (name: string, factory: StoreFactory): void => {
  describe(`EventStore contract: ${name}`, () => {
    const ctx = storeContext(factory);
    appendFeatures(ctx);
    readFeatures(ctx);
    payloadFeatures(ctx);
    outboxFeatures(ctx);
    checkpointFeatures(ctx);
    leaseFeatures(ctx);
    dueFeatures(ctx);
    merkleFeatures(ctx);
    modelFeatures(ctx);
  });
};
