import { randomUUID } from 'node:crypto';
import { RedressError } from '../errors/redressError';
import type { Outbox, OutboxRecord } from '../store/eventStore';
import { backoffDelay, type BackoffOptions } from './backoff';
import type { DeliveryChannel, DeliveryResult } from './channel';
import { payloadProblem } from '../notifications/payload';
import type { DataKey } from '../privacy/dataKey';
import { EPHEMERAL_KEYS } from '../store/eventStore';
import { isErased, type Erased } from '../privacy/erased';
import { ERASED_PROBLEM, isSealedPayload, openPayload } from '../privacy/sealedPayload';
import { deliverOne } from './deliverOne';
import { personalValuesOf, withoutPersonalValues } from './redact';

/** How a dispatcher runs. Only `store` and `channels` are required. */
export interface DispatcherOptions {
  readonly store: { readonly outbox: Outbox };
  readonly channels: readonly DeliveryChannel[];
  readonly clock?: () => Date;
  /** A number in [0, 1) for backoff jitter. Default Math.random. */
  readonly random?: () => number;
  /** This dispatcher's name in the claims. Default a random UUID. */
  readonly worker?: string;
  /** Messages claimed at a time. Default 32. */
  readonly batchSize?: number;
  /** Deliveries in flight at once. Default 8. */
  readonly concurrency?: number;
  /** How long a claim holds: after that a crashed dispatcher's messages go to another. Default 5 min. */
  readonly leaseMs?: number;
  /** Give up waiting for a channel after this long (a transient failure). Default 15 s. */
  readonly sendTimeoutMs?: number;
  /** Attempts before a message that keeps failing is dead-lettered. Default 8. */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffOptions;
  /** `start()`: wait this long when nothing was due. Default 1 s. */
  readonly pollMs?: number;
  /** Told about every attempt, for logs and metrics. */
  readonly onAttempt?: (report: AttemptReport) => void;
  /** Told about store errors in `start()`'s loop (the loop carries on). */
  readonly onError?: (error: unknown) => void;
  /**
   * The data keys (`subjectKeys(…)`, as the engine has them), to open payloads the
   * engine sealed. A message whose subject was erased is dead-lettered, never sent.
   */
  readonly keys?: { get(subjectId: string): Promise<DataKey | Erased | undefined> };
}

/** One attempt's outcome. */
export interface AttemptReport {
  readonly id: string;
  readonly streamId: string;
  readonly channel: string;
  readonly attempt: number;
  readonly outcome: 'delivered' | 'retry' | 'dead' | 'lost';
  readonly error?: string;
  readonly retryAt?: string;
}

/** What one `runOnce()` did. */
export interface RunSummary {
  readonly claimed: number;
  readonly delivered: number;
  readonly retried: number;
  readonly dead: number;
  /** Outcomes not recorded because the lease ran out and another dispatcher took the message, or the store failed. */
  readonly lost: number;
}

/** A running or runnable dispatcher. */
export interface Dispatcher {
  readonly worker: string;
  /** Claim one batch of due messages and deliver it. */
  runOnce(): Promise<RunSummary>;
  /** Run batches until `stop()`, pausing `pollMs` when nothing is due. */
  start(): void;
  /** Finish the batch in hand and stop. */
  stop(): Promise<void>;
}

const positive = (name: string, value: number) => {
  if (!Number.isFinite(value) || value <= 0)
    throw new RedressError('VALIDATION', `Dispatcher option ${name} must be a positive number, got ${String(value)}`);
  return value;
};

/**
 * Create a dispatcher: it claims due outbox messages with a lease, delivers them
 * through the channels, retries transient failures with exponential backoff and
 * jitter, and dead-letters permanent failures at once and others after
 * `maxAttempts`. Delivery is at least once; the message id is the idempotency key.
 *
 * @example
 * const dispatcher = createDispatcher({ store, channels: [webhookChannel({ url, secret })] });
 * dispatcher.start();
 * // … on shutdown:
 * await dispatcher.stop();
 */
export const createDispatcher = (options: DispatcherOptions): Dispatcher => {
  const { outbox } = options.store;
  const clock = options.clock ?? (() => new Date());
  const random = options.random ?? Math.random;
  const worker = options.worker ?? `dispatcher-${randomUUID()}`;
  const batchSize = positive('batchSize', options.batchSize ?? 32);
  const concurrency = positive('concurrency', options.concurrency ?? 8);
  const leaseMs = positive('leaseMs', options.leaseMs ?? 300_000);
  const sendTimeoutMs = positive('sendTimeoutMs', options.sendTimeoutMs ?? 15_000);
  const maxAttempts = positive('maxAttempts', options.maxAttempts ?? 8);
  const pollMs = positive('pollMs', options.pollMs ?? 1000);
  if (leaseMs <= sendTimeoutMs * Math.ceil(batchSize / concurrency)) {
    throw new RedressError(
      'VALIDATION',
      `Dispatcher leaseMs (${leaseMs}) must exceed sendTimeoutMs × batchSize / concurrency (${sendTimeoutMs * Math.ceil(batchSize / concurrency)}), or a slow batch loses its claim; raise leaseMs or lower the others`,
    );
  }
  const channels = new Map(options.channels.map((c) => [c.name, c]));

  const settle = async (row: OutboxRecord, result: DeliveryResult): Promise<AttemptReport> => {
    const base = { id: row.id, streamId: row.streamId, channel: row.channel, attempt: row.attempts };
    const now = clock();
    if (result.ok) {
      await outbox.complete(row.id, { now, worker });
      return { ...base, outcome: 'delivered' };
    }
    // What a channel or a receiver says may repeat the recipient's name or address: never stored.
    const error = `attempt ${row.attempts} at ${now.toISOString()}: ${withoutPersonalValues(result.error, personalValuesOf(row.payload))}`;
    if (result.kind === 'permanent' || row.attempts >= maxAttempts) {
      const reason =
        result.kind === 'permanent'
          ? `permanent failure, ${error}`
          : `gave up after ${row.attempts} attempts; last: ${error}`;
      await outbox.fail(row.id, { now, worker, error: reason, retryAt: null });
      return { ...base, outcome: 'dead', error: reason };
    }
    const wait = Math.min(
      options.backoff?.maxMs ?? 3_600_000,
      Math.max(result.retryAfterMs ?? 0, backoffDelay(row.attempts, options.backoff, random)),
    );
    const retryAt = new Date(now.getTime() + wait);
    await outbox.fail(row.id, { now, worker, error, retryAt });
    return { ...base, outcome: 'retry', error, retryAt: retryAt.toISOString() };
  };

  /** The row with its sealed payload opened, or why it cannot be sent. */
  const opened = async (row: OutboxRecord): Promise<OutboxRecord | string> => {
    // A memory store carries the ephemeral keys its engines encrypt with.
    const keys = options.keys ?? (options.store as { [EPHEMERAL_KEYS]?: DispatcherOptions['keys'] })[EPHEMERAL_KEYS];
    if (!isSealedPayload(row.payload)) return row;
    if (keys === undefined)
      return 'its payload is sealed under the data key of its subject; give createDispatcher the keys ({ keys })';
    try {
      const payload = await openPayload((kid) => keys.get(kid), row.streamId, row.id, row.payload);
      return isErased(payload) ? ERASED_PROBLEM : { ...row, payload };
    } catch (e) {
      return `its sealed payload does not open: ${e instanceof Error ? e.message : String(e)}`;
    }
  };

  const handle = async (sealedRow: OutboxRecord): Promise<AttemptReport> => {
    const open = await opened(sealedRow);
    const row = typeof open === 'string' ? sealedRow : open;
    const problem = typeof open === 'string' ? open : payloadProblem(row.payload);
    const channel = channels.get(row.channel);
    let result: DeliveryResult;
    if (problem !== undefined)
      result = { ok: false, kind: 'permanent', error: `the message could not be built: ${problem}` };
    else if (channel === undefined) {
      const known = [...channels.keys()].join(', ') || 'none';
      result = {
        ok: false,
        kind: 'transient',
        error: `no channel "${row.channel}" in this dispatcher (it has: ${known}); add one to createDispatcher's channels`,
      };
    } else result = await deliverOne(channel, row, sendTimeoutMs);
    try {
      return await settle(row, result);
    } catch (e) {
      // Lease lost or store down: the message stays claimed, its lease runs out and it is delivered again.
      return {
        id: row.id,
        streamId: row.streamId,
        channel: row.channel,
        attempt: row.attempts,
        outcome: 'lost',
        error: withoutPersonalValues(e instanceof Error ? e.message : String(e), personalValuesOf(row.payload)),
      };
    }
  };

  const runOnce = async (): Promise<RunSummary> => {
    const rows = await outbox.claim({ now: clock(), limit: batchSize, leaseMs, worker });
    const counts = { claimed: rows.length, delivered: 0, retried: 0, dead: 0, lost: 0 };
    let next = 0;
    const lane = async () => {
      while (next < rows.length) {
        const report = await handle(rows[next++] as OutboxRecord);
        counts[report.outcome === 'retry' ? 'retried' : report.outcome]++;
        options.onAttempt?.(report);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, lane));
    return counts;
  };

  let loop: Promise<void> | undefined;
  let running = false;
  let wake: (() => void) | undefined;

  const start = () => {
    if (running) return;
    running = true;
    loop = (async () => {
      while (running) {
        let idle = true;
        try {
          idle = (await runOnce()).claimed === 0;
        } catch (e) {
          options.onError?.(e);
        }
        if (idle && running)
          await new Promise<void>((r) => {
            wake = r;
            setTimeout(r, pollMs);
          });
      }
    })();
  };

  const stop = async () => {
    running = false;
    wake?.();
    await loop;
  };

  return { worker, runOnce, start, stop };
};
