/**
 * @redress/notify-webhook — signed webhook delivery (Standard Webhooks) and SMS through HTTP gateways.
 * @packageDocumentation
 * @module @redress/notify-webhook
 */
export { webhookChannel, type WebhookChannelOptions, type WebhookBody } from './webhookChannel';
export { smsGatewayChannel, SMS_FIELDS, type SmsGatewayOptions } from './smsGatewayChannel';
export { verifyWebhook, signWebhook, secretKey, type VerifyOptions } from './signature';
export { classifyStatus, retryAfterMs, httpSend, type HttpRequest } from './httpSend';
export {
  startWebhookReceiver,
  type WebhookReceiver,
  type WebhookReceiverOptions,
  type ReceivedWebhook,
} from './webhookReceiver';
