export { defineNotifications, type NotificationOptions, type Notifications } from './defineNotifications';
export { buildMessages, type BuildContext } from './buildMessages';
export { defaultRules, type NotificationRule } from './rules';
export { defaultTemplates } from './defaultTemplates';
export { renderTemplate, pickTemplate, mergeTemplates, type Template, type TemplateSet, type RenderedMessage } from './template';
export { messageVariables } from './variables';
export {
  staffDirectory,
  complainantRecipient,
  type Locale,
  type Recipient,
  type RecipientQuery,
  type RecipientContext,
  type RecipientResolver,
  type StaffMember,
} from './recipients';
export { addressChecks, checkAddress, type AddressCheck } from './addresses';
export { notificationId, isNotificationPayload, payloadProblem, type NotificationPayload, type InvalidNotificationPayload } from './payload';
export {
  delivered,
  transientFailure,
  permanentFailure,
  type DeliveryChannel,
  type DeliveryMessage,
  type DeliveryResult,
  type SendContext,
} from './channel';
export { backoffDelay, type BackoffOptions } from './backoff';
export { createDispatcher, type Dispatcher, type DispatcherOptions, type AttemptReport, type RunSummary } from './dispatcher';
export { deliverOne } from './deliverOne';
export { deliveryStatus, toDeliveryStatus, type DeliveryStatus } from './deliveryStatus';
