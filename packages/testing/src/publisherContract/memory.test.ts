import { memoryPublisher } from '@redress/core';
import { testEventPublisher } from './testEventPublisher';

testEventPublisher('memory', async () => {
  const sink = memoryPublisher();
  return { sink, received: async () => sink.received };
});
