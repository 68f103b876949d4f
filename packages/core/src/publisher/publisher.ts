import { randomUUID } from 'node:crypto';
import { shownText } from '../checkpoint/shownText';
import { backoffDelay, type BackoffOptions } from '../delivery/backoff';
import type { StoredEvent } from '../domain/envelope';
import { RedressError } from '../errors/redressError';
import type { EventStore } from '../store/eventStore';
import { readStore, storeCall } from '../store/storeCall';
import type { EventPublisher } from './eventPublisher';

/** What `publisher` takes. Only `store` and `sink` are required. */
export interface PublisherOptions {
  /** Where the events come from (`readAll`), where the position is kept (`checkpoints`) and the lease (`leases`). */
  readonly store: Pick<EventStore, 'readAll' | 'checkpoints' | 'leases'>;
  readonly sink: EventPublisher;
  /** The publisher's name: its checkpoint and its lease are `publisher:<name>`. Default `default`. */
  readonly name?: string;
  /** This instance in the lease. Default `publisher-<random UUID>`. */
  readonly holder?: string;
  /** Events per batch handed to the sink. Default 500. */
  readonly batchSize?: number;
  /** How long the lease holds unless renewed; it is renewed every third of it while a batch is out. Default 30 s. */
  readonly leaseMs?: number;
  /** `start()`: wait this long when caught up, or while another instance holds the lease. Default 500 ms. */
  readonly pollMs?: number;
  /** Waits between failed attempts (store or broker down). Default base 250 ms, max 30 s. */
  readonly backoff?: BackoffOptions;
  readonly clock?: () => Date;
  /** A number in [0, 1) for backoff jitter. Default Math.random. */
  readonly random?: () => number;
  /** Told about each failure of `start()`'s loop and when it tries again; the loop carries on. */
  readonly onError?: (error: unknown, retry: { readonly attempt: number; readonly inMs: number }) => void;
  /** Told about each batch the broker acknowledged and the checkpoint took. */
  readonly onPublished?: (batch: { readonly from: number; readonly to: number; readonly count: number }) => void;
}

/** What one `runOnce()` did: whether this instance held the lease, how many events it published, where it stands. */
export interface PublishRun {
  readonly held: boolean;
  readonly published: number;
  /** The checkpoint after the run: every event up to here was acknowledged by the broker. */
  readonly position: number;
}

/** A runnable publisher. */
export interface Publisher {
  readonly name: string;
  readonly holder: string;
  /** Take (or renew) the lease and publish one batch after the checkpoint. */
  runOnce(): Promise<PublishRun>;
  /** Batches until caught up with the store (or the lease is lost); failures are thrown. */
  catchUp(): Promise<PublishRun>;
  /** Run until `stop()`: batches, polls when caught up, backs off on failures. */
  start(): void;
  /** Finish the batch in hand, stop, and give the lease up. */
  stop(): Promise<void>;
}

const positive = (option: string, value: number) => {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RedressError(
      'VALIDATION',
      `publisher option ${option} must be a whole number ≥ 1, got ${shownText(String(value))}`,
      { option },
    );
  return value;
};

/** Names go into a checkpoint, a lease and messages: printable, at most 200 characters. */
const checkName = (option: string, value: unknown): string => {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > 200 ||
    /[\u0000-\u001f\u007f-\u009f]/.test(value)
  )
    throw new RedressError(
      'VALIDATION',
      `publisher option ${option} must be 1 to 200 printable characters, got ${typeof value === 'string' ? shownText(value) : typeof value}`,
      { option },
    );
  return value;
};

/**
 * A publisher: streams every committed event, in global order, from the
 * store to a sink (a broker). Its position is the store checkpoint
 * `publisher:<name>`, moved only after the sink resolved, that is after the
 * broker acknowledged the batch; after a crash or an outage it starts again
 * after the checkpoint, so every event reaches the broker at least once and in
 * order, and the sink's de-duplication by event id drops the repeats. One
 * instance per name publishes at a time, across processes: it holds the
 * store's lease `publisher:<name>`, renewed while a batch is out; an instance
 * that loses it stops before moving the checkpoint.
 *
 * @example
 * const p = publisher({ store, sink: natsPublisher({ servers: 'nats://127.0.0.1:4222' }), name: 'nats' });
 * p.start();
 * // … on shutdown:
 * await p.stop();
 */
export const publisher = (options: PublisherOptions): Publisher => {
  const { store, sink } = options;
  const leases = store?.leases;
  if (leases === undefined)
    throw new RedressError(
      'VALIDATION',
      'publisher needs a store with leases (store.leases), so that one instance publishes at a time; every Redress store has them',
      { option: 'store' },
    );
  if (sink === undefined || typeof sink.publish !== 'function')
    throw new RedressError('VALIDATION', 'publisher needs a sink: an EventPublisher such as natsPublisher(…)', {
      option: 'sink',
    });
  const name = checkName('name', options.name ?? 'default');
  const holder = checkName('holder', options.holder ?? `publisher-${randomUUID()}`);
  const batchSize = positive('batchSize', options.batchSize ?? 500);
  const leaseMs = positive('leaseMs', options.leaseMs ?? 30_000);
  const pollMs = positive('pollMs', options.pollMs ?? 500);
  const backoff = { baseMs: 250, maxMs: 30_000, ...options.backoff };
  const clock = options.clock ?? (() => new Date());
  const random = options.random ?? Math.random;
  const key = `publisher:${name}`;
  const acquire = () => storeCall(() => leases.acquire(key, { holder, now: clock(), ttlMs: leaseMs }));

  /** Hand one batch to the sink, renewing the lease while it is out; false if the lease was lost meanwhile. */
  const send = async (events: readonly StoredEvent[]): Promise<boolean> => {
    const lost = new AbortController();
    const renew = setInterval(
      () => {
        acquire().then(
          (held) => held || lost.abort(),
          () => lost.abort(),
        );
      },
      Math.max(1, Math.floor(leaseMs / 3)),
    );
    try {
      await sink.publish(events, { signal: lost.signal });
    } finally {
      clearInterval(renew);
    }
    // Renewed once more before the checkpoint moves: another instance may have taken over.
    return !lost.signal.aborted && (await acquire());
  };

  const run = async (): Promise<PublishRun> => {
    const held = await acquire();
    const after = (await storeCall(() => store.checkpoints.get(key))) ?? 0;
    if (!held) return { held: false, published: 0, position: after };
    const batch: StoredEvent[] = [];
    await readStore(store.readAll({ after, limit: batchSize }), (e) => void batch.push(e));
    const last = batch.at(-1);
    if (last === undefined) return { held: true, published: 0, position: after };
    if (!(await send(batch))) return { held: false, published: 0, position: after };
    await storeCall(() => store.checkpoints.set(key, last.position));
    options.onPublished?.({ from: batch[0]?.position ?? last.position, to: last.position, count: batch.length });
    return { held: true, published: batch.length, position: last.position };
  };

  // One batch at a time in this process: concurrent callers share the one in flight.
  let inFlight: Promise<PublishRun> | undefined;
  const runOnce = (): Promise<PublishRun> => {
    inFlight ??= run().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  const catchUp = async (): Promise<PublishRun> => {
    let total = 0;
    for (;;) {
      const run = await runOnce();
      total += run.published;
      if (!run.held || run.published < batchSize) return { ...run, published: total };
    }
  };

  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const start = () => {
    if (running) return;
    running = true;
    loop = (async () => {
      let attempt = 0;
      while (running) {
        try {
          const run = await runOnce();
          attempt = 0;
          if (running && (!run.held || run.published < batchSize)) await pause(pollMs);
        } catch (error) {
          attempt++;
          const inMs = backoffDelay(attempt, backoff, random);
          options.onError?.(error, { attempt, inMs });
          if (running) await pause(inMs);
        }
      }
    })();
  };

  const stop = async () => {
    running = false;
    wake?.();
    await loop;
    loop = undefined;
    await storeCall(() => leases.release(key, holder)).catch(() => undefined);
  };

  return { name, holder, runOnce, catchUp, start, stop };
};
