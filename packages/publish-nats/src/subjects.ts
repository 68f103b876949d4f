import { RedressError, shownText } from '@redress/core';

/**
 * One token of a NATS subject, or a stream name: NATS gives `.` as the
 * separator and `*`, `>` as wildcards; whitespace and control characters end a
 * protocol line; `/` and `\` are refused in stream names, which name files.
 */
const BAD_TOKEN = /[.*>\s/\\\u0000-\u001f\u007f-\u009f]/u;

/**
 * `value` as a subject token (a tenant, an event type, a stream name), or a
 * `VALIDATION` RedressError saying what to change; the value is shown escaped.
 *
 * @example
 * subjectToken('tenant', 'acme-bank'); // 'acme-bank'
 * subjectToken('tenant', 'acme.bank'); // throws VALIDATION
 */
export const subjectToken = (option: string, value: unknown): string => {
  if (typeof value !== 'string' || value.length === 0 || value.length > 128 || BAD_TOKEN.test(value))
    throw new RedressError(
      'VALIDATION',
      `natsPublisher option ${option} must be 1 to 128 characters with no ".", "*", ">", "/", "\\", whitespace or control characters (NATS subject tokens), got ${typeof value === 'string' ? shownText(value) : typeof value}; use letters, digits, "-" or "_"`,
      { option },
    );
  return value;
};

/**
 * The subject an event goes to: `redress.<tenant>.<event type>`.
 *
 * @example
 * subjectOf('default', 'ComplaintReceived'); // 'redress.default.ComplaintReceived'
 */
export const subjectOf = (tenant: string, eventType: string): string =>
  `redress.${tenant}.${subjectToken('event type', eventType)}`;

/**
 * The subjects of a tenant's stream: `redress.<tenant>.>`.
 *
 * @example
 * tenantSubjects('default'); // 'redress.default.>'
 */
export const tenantSubjects = (tenant: string): string => `redress.${tenant}.>`;
