import { openedFrom } from '../../audit/chainCheck';
import type { StoredEvent } from '../../domain/envelope';
import type { EventStore, ReadStreamOptions } from '../../store/eventStore';

/**
 * The store as the engine's folds read it: `readStream` returns events opened
 * by `open` (decrypted); everything else, appends included, is the store's own.
 * A stream is read whole before it is opened, so the keys it needs are fetched once; each
 * event's hash is checked on its stored form (`openedFrom`), as the chain covers that.
 *
 * @example
 * const complaints = complaintLoader(openingStore(store, privacy.open), cache);
 */
export const openingStore = (
  store: EventStore,
  open: (events: readonly StoredEvent[]) => Promise<StoredEvent[]>,
): EventStore => {
  const opened = Object.create(store) as EventStore & { readStream: EventStore['readStream'] };
  Object.defineProperty(opened, 'readStream', {
    value: async function* readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent> {
      const events: StoredEvent[] = [];
      for await (const e of store.readStream(streamId, options)) events.push(e);
      const opened = await open(events);
      // The chain covers the stored form: each event is checked as stored, the opened one handed out.
      for (const [i, e] of opened.entries()) {
        const stored = events[i];
        if (stored !== undefined) openedFrom(stored, e);
      }
      yield* opened;
    },
  });
  return opened;
};
