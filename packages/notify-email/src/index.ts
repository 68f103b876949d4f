/**
 * @redress/notify-email — SMTP delivery of Redress notifications through nodemailer.
 * @packageDocumentation
 */
export { emailChannel, type EmailChannelOptions, type SmtpSettings } from './emailChannel';
export { classifySmtpError } from './classifySmtpError';
