/**
 * @redress/publish-nats — committed events streamed to NATS JetStream, in global order, at least once, de-duplicated by event id.
 * @packageDocumentation
 * @module @redress/publish-nats
 */
export { type NatsConnectionLike, natsPublisher, POSITION_HEADER, type NatsPublisherOptions } from './natsPublisher';
export { subjectOf, subjectToken, tenantSubjects } from './subjects';
