import {
  memoryStore,
  publisher,
  type EventPublisher,
  type EventStore,
  type PublishContext,
  type StoredEvent,
} from '@redress/core';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { collect } from '../storeContract/storeContext';
import { testEvents } from '../storeContract/testEvents';

/**
 * What a publisher-contract factory returns: a sink on a fresh, empty
 * destination, a way to read back what the destination holds, and, when the
 * test can cut the broker off, an outage to begin and end.
 *
 * @example
 * const made: PublisherUnderTest = { sink, received: () => readStream(name), cleanup: () => dropStream(name) };
 */
export interface PublisherUnderTest {
  readonly sink: EventPublisher;
  /** The events the destination holds, as a consumer sees them (de-duplicated as the broker does), in its order. */
  received(): Promise<readonly StoredEvent[]>;
  /** Make the broker unreachable, and reachable again (optional). */
  readonly outage?: { begin(): Promise<void>; end(): Promise<void> };
  readonly cleanup?: () => Promise<void>;
}

/**
 * Makes a sink on a fresh, empty destination for each test of the suite.
 *
 * @example
 * const factory: PublisherFactory = async () => ({ sink: memoryPublisher(), received: async () => sink.received });
 */
export type PublisherFactory = () => Promise<PublisherUnderTest>;

const CHECKPOINT = 'publisher:contract';

/** A store with `streams` complaints of `perStream` events each, appended round-robin so streams interleave in the global order. */
const filledStore = async (streams: number, perStream: number): Promise<EventStore> => {
  const store = memoryStore();
  const last = new Map<string, StoredEvent>();
  for (let round = 0; round < perStream; round++) {
    for (let s = 0; s < streams; s++) {
      const streamId = `C-pub-${s}`;
      const after = last.get(streamId);
      const [event] = testEvents(streamId, 1, { after, note: () => `round ${round}` });
      if (event === undefined) continue;
      await store.append(streamId, [event], { expectedVersion: after?.version ?? 0 });
      const [stored] = await collect(store.readStream(streamId, { fromVersion: round + 1, toVersion: round + 1 }));
      if (stored !== undefined) last.set(streamId, stored);
    }
  }
  return store;
};

/** What a consumer compares: the event as stored, as JSON. */
const asStored = (events: readonly StoredEvent[]) => events.map((e) => JSON.parse(JSON.stringify(e)) as unknown);

/** A sink that forwards the first `forward` events of a batch to `inner`, then fails: an ack lost after the broker took them. */
const failingAfter = (inner: EventPublisher, forward: number): EventPublisher & { failures: number } => {
  const wrapped = {
    name: `${inner.name} (failing)`,
    failures: 0,
    async publish(events: readonly StoredEvent[], context: PublishContext) {
      if (forward > 0) await inner.publish(events.slice(0, forward), context);
      wrapped.failures++;
      throw new Error('the broker did not acknowledge (test)');
    },
  };
  return wrapped;
};

/**
 * The publisher sink contract: registers vitest tests that every
 * `EventPublisher` must pass, driven through the core `publisher` — events
 * arrive in global order and as stored; the checkpoint moves only after the
 * sink resolved; a batch that failed (before or after the broker took part of
 * it) is sent again and each event is held once; the same events sent twice
 * are held once (idempotency by event id); with `outage`, publishing across a
 * broker outage loses nothing. `factory` must give a sink on a fresh, empty
 * destination for each test.
 *
 * @example
 * // mySink.test.ts
 * import { testEventPublisher } from '@redress/testing';
 * testEventPublisher('kafka', async () => {
 *   const topic = `t-${randomUUID()}`;
 *   return { sink: kafkaPublisher({ brokers, topic }), received: () => readTopic(topic) };
 * });
 */
export const testEventPublisher = (name: string, factory: PublisherFactory): void => {
  describe(`EventPublisher contract: ${name}`, () => {
    let current: PublisherUnderTest | undefined;
    beforeEach(async () => {
      current = await factory();
    });
    afterEach(async () => {
      const done = current;
      current = undefined;
      await done?.sink.close?.();
      await done?.cleanup?.();
    });
    const made = (): PublisherUnderTest => {
      if (current === undefined) throw new Error('The sink is only available inside a test');
      return current;
    };

    test('every committed event arrives once, in global order, as stored', async () => {
      const store = await filledStore(3, 5);
      const run = await publisher({
        store,
        sink: made().sink,
        name: 'contract',
        holder: 'contract-1',
        batchSize: 4,
      }).catchUp();
      const stored = await collect(store.readAll());
      expect(run.position).toBe(stored.at(-1)?.position);
      expect(asStored(await made().received())).toEqual(asStored(stored));
      expect(await store.checkpoints.get(CHECKPOINT)).toBe(15);
    });

    test('the checkpoint moves only after the sink resolved: a batch the broker took part of is sent again, each event held once', async () => {
      const store = await filledStore(2, 4);
      const failing = failingAfter(made().sink, 3);
      await expect(
        publisher({ store, sink: failing, name: 'contract', holder: 'contract-1', batchSize: 8 }).runOnce(),
      ).rejects.toThrow();
      expect(await store.checkpoints.get(CHECKPOINT)).toBeNull();
      await publisher({ store, sink: made().sink, name: 'contract', holder: 'contract-1', batchSize: 8 }).catchUp();
      expect(asStored(await made().received())).toEqual(asStored(await collect(store.readAll())));
      expect(await store.checkpoints.get(CHECKPOINT)).toBe(8);
    });

    test('a batch that failed before anything was sent is sent again later', async () => {
      const store = await filledStore(2, 3);
      const p = publisher({
        store,
        sink: failingAfter(made().sink, 0),
        name: 'contract',
        holder: 'contract-1',
        batchSize: 2,
      });
      await expect(p.runOnce()).rejects.toThrow();
      expect(await store.checkpoints.get(CHECKPOINT)).toBeNull();
      expect(await made().received()).toEqual([]);
      await publisher({ store, sink: made().sink, name: 'contract', holder: 'contract-1', batchSize: 2 }).catchUp();
      expect(asStored(await made().received())).toEqual(asStored(await collect(store.readAll())));
    });

    test('the same events sent twice are held once (idempotent by event id)', async () => {
      const store = await filledStore(2, 3);
      const events = await collect(store.readAll());
      const context = { signal: new AbortController().signal };
      await made().sink.publish(events, context);
      await made().sink.publish(events, context);
      await made().sink.publish(events.slice(2, 4), context);
      expect(asStored(await made().received())).toEqual(asStored(events));
    });

    test('a publisher that restarts after the broker acknowledged but before its checkpoint moved repeats nothing a consumer sees', async () => {
      const store = await filledStore(3, 3);
      const events = await collect(store.readAll());
      // The crash: the first five were acknowledged, the checkpoint still says 0.
      await made().sink.publish(events.slice(0, 5), { signal: new AbortController().signal });
      await publisher({ store, sink: made().sink, name: 'contract', holder: 'contract-1', batchSize: 4 }).catchUp();
      expect(asStored(await made().received())).toEqual(asStored(events));
    });

    test('while another instance holds the lease, nothing is published and the checkpoint stays', async () => {
      const store = await filledStore(1, 3);
      const first = publisher({ store, sink: made().sink, name: 'contract', holder: 'first', batchSize: 1 });
      await first.runOnce();
      const second = publisher({ store, sink: made().sink, name: 'contract', holder: 'second' });
      expect(await second.runOnce()).toEqual({ held: false, published: 0, position: 1 });
      expect((await made().received()).map((e) => e.position)).toEqual([1]);
      await first.stop();
      expect((await second.catchUp()).position).toBe(3);
    });

    test('across a broker outage nothing is lost: the attempt fails, the checkpoint stays, the next one delivers', async () => {
      const outage = made().outage;
      if (outage === undefined) return;
      const store = await filledStore(2, 3);
      const p = publisher({ store, sink: made().sink, name: 'contract', holder: 'contract-1', batchSize: 2 });
      await p.runOnce();
      await outage.begin();
      try {
        await expect(p.runOnce()).rejects.toThrow();
        expect(await store.checkpoints.get(CHECKPOINT)).toBe(2);
      } finally {
        await outage.end();
      }
      await p.catchUp();
      expect(asStored(await made().received())).toEqual(asStored(await collect(store.readAll())));
    });
  });
};
