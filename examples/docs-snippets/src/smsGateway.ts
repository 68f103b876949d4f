// The SMS gateway channel of docs/notify-webhook.md, run by smsGateway.int.test.ts
// against a real HTTP server on loopback.
import { smsGatewayChannel } from '@redress/notify-webhook';

const sms = smsGatewayChannel({
  url: process.env.SMS_GATEWAY_URL!, // e.g. https://sms.example.com/v1/messages
  authHeader: 'Bearer abc123', // or { name: 'x-api-key', value: '…' }
  bodyTemplate: '{"to": {{to}}, "message": {{text}}, "ref": {{id}}}',
  contentType: 'application/json', // default; or 'application/x-www-form-urlencoded'
});

export { sms };
