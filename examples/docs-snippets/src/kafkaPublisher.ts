// The Kafka sink of docs/publishing.md, run by kafkaPublisher.test.ts against the sink contract: the
// shape any broker's adapter takes. `KafkaProducer` is the part of a kafkajs producer it uses.
import type { EventPublisher } from '@redress/core';

/** What the sink needs of a Kafka producer (kafkajs `producer.send`, with `idempotent: true`). */
export interface KafkaProducer {
  send(record: {
    topic: string;
    acks: -1;
    messages: { key: string; value: string; headers: Record<string, string> }[];
  }): Promise<unknown>;
}

/**
 * Every event to one topic. One partition keeps the global order; keyed by complaint on many
 * partitions, each complaint's events stay in order. The event id travels as a header, and
 * consumers drop an id they have seen: Kafka does not de-duplicate across producer sessions.
 */
export const kafkaPublisher = (producer: KafkaProducer, topic: string): EventPublisher => ({
  name: `kafka ${topic}`,
  async publish(events) {
    // acks -1: resolved only once every in-sync replica has the batch; the checkpoint moves after.
    await producer.send({
      topic,
      acks: -1,
      messages: events.map((e) => ({
        key: e.streamId,
        value: JSON.stringify(e), // as stored: personal fields stay ciphertext
        headers: { 'redress-event-id': e.id, 'redress-position': String(e.position) },
      })),
    });
  },
});
