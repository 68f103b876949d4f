import type { StoredEvent } from '../domain/envelope';

/** What a publisher hands a sink with each batch. */
export interface PublishContext {
  /**
   * Aborted when the publisher lost its lease mid-batch (another instance took
   * over): a sink may stop sending; the batch will not be counted as published.
   */
  readonly signal: AbortSignal;
}

/**
 * The port a broker adapter implements (NATS JetStream, Kafka, RabbitMQ, …):
 * publish a batch of committed events, in the order given, and resolve only
 * once the broker has acknowledged every one; reject otherwise. The publisher
 * moves its checkpoint only after `publish` resolves, and sends the whole batch
 * again after a rejection or a crash, so a sink must be idempotent by event id
 * (a broker's de-duplication key, or a check of what it already holds). The
 * events are as stored: personal fields stay ciphertext.
 *
 * @example
 * const stdout: EventPublisher = {
 *   name: 'stdout',
 *   async publish(events) {
 *     for (const e of events) process.stdout.write(`${JSON.stringify(e)}\n`);
 *   },
 * };
 */
export interface EventPublisher {
  /** Names the sink in errors and logs. */
  readonly name: string;
  publish(events: readonly StoredEvent[], context: PublishContext): Promise<void>;
  /** Let go of connections the sink opened itself. */
  close?(): Promise<void>;
}
