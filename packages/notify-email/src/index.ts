/**
 * @redress/notify-email — SMTP delivery of Redress notifications through nodemailer.
 * @packageDocumentation
 */
export { emailChannel, type EmailChannelOptions } from './emailChannel';
export { classifySmtpError } from './classifySmtpError';
