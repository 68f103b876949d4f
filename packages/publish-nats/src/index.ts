/**
 * @redress/publish-nats — committed events streamed to NATS JetStream, in global order, at least once, de-duplicated by event id.
 * @packageDocumentation
 * @module @redress/publish-nats
 */
export { natsPublisher, POSITION_HEADER, type NatsPublisherOptions } from './natsPublisher';
export { ensureStream, type StreamSettings } from './ensureStream';
export { subjectOf, subjectToken, tenantSubjects } from './subjects';
