import type { StoredEvent } from '../domain/envelope';
import type { EventPublisher } from './eventPublisher';

/**
 * An in-memory sink: what a broker would hold, each event once by id, in the
 * order first received; `sent` counts every message given to it, repeats too.
 *
 * @example
 * const sink = memoryPublisher();
 * await publisher({ store, sink }).catchUp();
 * sink.received.map((e) => e.position); // [1, 2, 3, …]
 */
export const memoryPublisher = (
  name = 'memory',
): EventPublisher & { readonly received: readonly StoredEvent[]; readonly sent: number } => {
  const byId = new Map<string, StoredEvent>();
  let sent = 0;
  return {
    name,
    async publish(events) {
      for (const e of events) {
        sent++;
        // As stored, without what the reader marks on it in process: the bytes a broker would keep.
        if (!byId.has(e.id)) byId.set(e.id, JSON.parse(JSON.stringify(e)) as StoredEvent);
      }
    },
    get received() {
      return [...byId.values()];
    },
    get sent() {
      return sent;
    },
  };
};
