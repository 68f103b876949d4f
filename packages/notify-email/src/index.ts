/**
 * @redress/notify-email — SMTP delivery of Redress notifications through nodemailer.
 * @packageDocumentation
 * @module @redress/notify-email
 */
export { emailChannel, type EmailChannelOptions, type SmtpSettings } from './emailChannel';
export { classifySmtpError } from './classifySmtpError';
