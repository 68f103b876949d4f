import { chainsChecker } from '../audit/chainCheck';
import type { StoredEvent } from '../domain/envelope';
import type { EventStore } from '../store/eventStore';
import { readStore } from '../store/storeCall';

/** The event before `e` in its stream, as the store holds it (or undefined when it holds none). */
const eventBefore = async (store: EventStore, e: StoredEvent): Promise<StoredEvent | undefined> => {
  let before: StoredEvent | undefined;
  await readStore(store.readStream(e.streamId, { fromVersion: e.version - 1, toVersion: e.version - 1 }), (b) => {
    before = b;
  });
  return before;
};

/**
 * The hash chains of a projection's reads of the global order: each batch's
 * events are checked (`chainsChecker`), a stream met past its first version
 * starting from the event before it as the store holds it (one read per
 * stream, after a runner resumed from a snapshot). Returns the events up to
 * the first break and the break (`TAMPERED`), so that the runner applies what
 * was sound and stops there.
 *
 * @example
 * const chains = checkedBatches(store);
 * const { events, error } = await chains.check(batch);
 */
export const checkedBatches = (store: EventStore) => {
  let chains = chainsChecker();
  return {
    async check(batch: readonly StoredEvent[]): Promise<{ events: readonly StoredEvent[]; error: unknown }> {
      for (let i = 0; i < batch.length; i++) {
        const e = batch[i] as StoredEvent;
        try {
          if (chains.needsStart(e)) chains.start(e, await eventBefore(store, e));
          chains.check(e);
        } catch (error) {
          return { events: batch.slice(0, i), error };
        }
      }
      return { events: batch, error: undefined };
    },
    /** Forget every chain: a rebuild reads from the first event again. */
    reset(): void {
      chains = chainsChecker();
    },
  };
};
