import { openedFrom } from '../../audit/chainCheck';
import type { StoredEvent } from '../../domain/envelope';
import type { EventStore, ReadStreamOptions } from '../../store/eventStore';
import { pagedEvents } from '../../store/pagedEvents';

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
  /** The stream read whole, opened, and its events checked as stored: one page. */
  async function* openedPage(streamId: string, options?: ReadStreamOptions): AsyncGenerator<StoredEvent[]> {
    const events: StoredEvent[] = [];
    for await (const e of store.readStream(streamId, options)) events.push(e);
    const out = await open(events);
    // The chain covers the stored form: each event is checked as stored, the opened one handed out.
    for (let i = 0; i < out.length; i++) {
      const stored = events[i];
      if (stored !== undefined) openedFrom(stored, out[i] as StoredEvent);
    }
    yield out;
  }
  Object.defineProperty(opened, 'readStream', {
    // Handed out from the page as the store's own reads are, not event by event through a generator.
    value: (streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent> =>
      pagedEvents(openedPage(streamId, options)),
  });
  return opened;
};
