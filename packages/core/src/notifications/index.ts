export {
  defineNotifications,
  type NotificationOptions,
  type Notifications,
} from '../notifications/defineNotifications';
export { buildMessages, type BuildContext } from '../notifications/buildMessages';
export { defaultRules, type NotificationRule } from '../notifications/rules';
export { defaultTemplates } from '../notifications/defaultTemplates';
export {
  renderTemplate,
  pickTemplate,
  mergeTemplates,
  type Template,
  type TemplateSet,
  type RenderedMessage,
} from '../notifications/template';
export { messageVariables } from '../notifications/variables';
export {
  staffDirectory,
  complainantRecipient,
  type Locale,
  type Recipient,
  type RecipientQuery,
  type RecipientContext,
  type RecipientResolver,
  type StaffMember,
} from '../notifications/recipients';
export { addressChecks, checkAddress, type AddressCheck } from '../notifications/addresses';
export {
  notificationId,
  isNotificationPayload,
  payloadProblem,
  type NotificationPayload,
  type InvalidNotificationPayload,
} from '../notifications/payload';
