export {
  delivered,
  transientFailure,
  permanentFailure,
  type DeliveryChannel,
  type DeliveryMessage,
  type DeliveryResult,
  type SendContext,
} from '../delivery/channel';
export { backoffDelay, type BackoffOptions } from '../delivery/backoff';
export {
  createDispatcher,
  type Dispatcher,
  type DispatcherOptions,
  type AttemptReport,
  type RunSummary,
} from '../delivery/dispatcher';
export { deliverOne } from '../delivery/deliverOne';
export { deliveryStatus, toDeliveryStatus, type DeliveryStatus } from '../delivery/deliveryStatus';
export { withoutPersonalValues, personalValuesOf, REDACTED, REDACTED_EMAIL } from '../delivery/redact';
