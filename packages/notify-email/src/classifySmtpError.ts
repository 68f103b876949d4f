import { permanentFailure, transientFailure, type DeliveryResult } from '@redress/core';

/** The fields nodemailer puts on its errors. */
interface SmtpError {
  readonly message?: string;
  readonly code?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly rejected?: readonly string[];
}

/**
 * What an SMTP failure means for delivery. A 5xx reply to this message (recipient
 * refused, message refused) can never succeed: permanent. 4xx replies and
 * connection, DNS, TLS and authentication problems may go away: transient.
 *
 * @example
 * classifySmtpError({ code: 'EENVELOPE', responseCode: 550, message: '550 No such user' }).kind; // 'permanent'
 */
export const classifySmtpError = (e: unknown): DeliveryResult => {
  const err = (typeof e === 'object' && e !== null ? e : { message: String(e) }) as SmtpError;
  const text = `${err.code ? `${err.code}: ` : ''}${(err.response ?? err.message ?? 'unknown SMTP error').trim()}`;
  const code = err.responseCode;
  const configuration = ['EAUTH', 'ETLS', 'ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED'];
  if (code !== undefined && code >= 500 && code < 600 && !configuration.includes(err.code ?? ''))
    return permanentFailure(text);
  if (code === undefined && (err.code === 'EENVELOPE' || err.code === 'EMESSAGE')) return permanentFailure(text);
  return transientFailure(text);
};
