import type { StoredEvent } from '@redress/core';
import { testEventPublisher } from '@redress/testing';
import { kafkaPublisher, type KafkaProducer } from './kafkaPublisher';

// The sink of docs/publishing.md through the contract every sink runs, over a topic kept in memory that
// does what a consumer of a real one does: reads in order and drops the ids it has seen.
testEventPublisher('Kafka (docs/publishing.md)', async () => {
  const topic: { value: string; id: string }[] = [];
  const producer: KafkaProducer = {
    async send(record) {
      for (const m of record.messages) topic.push({ value: m.value, id: m.headers['redress-event-id'] ?? '' });
    },
  };
  const received = async () => {
    const seen = new Set<string>();
    return topic.filter((m) => !seen.has(m.id) && seen.add(m.id)).map((m) => JSON.parse(m.value) as StoredEvent);
  };
  return { sink: kafkaPublisher(producer, 'complaints'), received };
});
