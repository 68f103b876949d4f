export type { EventPublisher, PublishContext } from '../publisher/eventPublisher';
export { memoryPublisher } from '../publisher/memoryPublisher';
export { publisher, type Publisher, type PublisherOptions, type PublishRun } from '../publisher/publisher';
