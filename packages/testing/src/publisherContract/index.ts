export {
  testEventPublisher,
  type PublisherUnderTest,
  type PublisherFactory,
} from './testEventPublisher';
