import { z } from 'zod';
import { LIMITS, isoTime } from './limits';
import { personalData } from './personalData';

/**
 * What a message to the complainant is, in the words of the complaint rules:
 * - `acknowledgement`: the complaint was received and is being dealt with (DISP 1.6.1R(1));
 * - `progress`: how the handling goes (DISP 1.6.1R(2), "kept informed thereafter");
 * - `holding`: why no final answer can be given yet and when it will come (DISP 1.6.2R(2),
 *   DISP 1.6.2AR(2), the CFPB's "in progress");
 * - `decision`: the firm's handling decision (处理决定, NFRA complaint rules art. 20);
 * - `final`: the final response, accepting with redress, offering redress without accepting,
 *   or rejecting with reasons (DISP 1.6.2R(1));
 * - `summary-resolution`: the summary resolution communication (DISP 1.5.4R).
 *
 * @example
 * RESPONSE_KINDS.includes('holding'); // true
 */
export const RESPONSE_KINDS = [
  'acknowledgement',
  'progress',
  'holding',
  'decision',
  'final',
  'summary-resolution',
] as const;
/** One kind of message to the complainant, one of `RESPONSE_KINDS`. */
export type ResponseKind = (typeof RESPONSE_KINDS)[number];

/**
 * How a message reached the complainant.
 *
 * @example
 * RESPONSE_CHANNELS.includes('letter'); // true
 */
export const RESPONSE_CHANNELS = ['letter', 'email', 'sms', 'phone', 'in-person', 'web', 'portal'] as const;
/** One channel a message to the complainant went through. */
export type ResponseChannel = (typeof RESPONSE_CHANNELS)[number];

/**
 * What the message said beyond its text, where a rule asks for it:
 * `referralRights` — it told the complainant they may now refer the complaint to the
 * ombudsman or regulator (DISP 1.6.2R(2)(b)); `expectedBy` — when the final answer is
 * expected (DISP 1.6.2R(2)(a), DISP 1.6.2AR(2)); `redressOffered` — it offers redress or
 * remedial action (DISP 1.6.2R(1)(a)/(b)).
 *
 * @example
 * responseSentSchema.parse({ kind: 'holding', channel: 'letter', text: '…', referralRights: true, expectedBy: '2026-04-01T00:00:00Z' });
 */
export const responseSentSchema = z.strictObject({
  kind: z.enum(RESPONSE_KINDS),
  channel: z.enum(RESPONSE_CHANNELS),
  /** The message as sent: personal free text, encrypted under the complainant's key. */
  // A schema of its own: registering the shared `longText` would mark every free text as personal.
  text: z.string().trim().min(1).max(LIMITS.longText).register(personalData, { personal: true, kind: 'text' }),
  referralRights: z.boolean().optional(),
  redressOffered: z.boolean().optional(),
  expectedBy: isoTime.optional(),
});

/** The fields of a response a deadline rule can require. */
export const RESPONSE_REQUIREMENTS = ['referralRights', 'expectedBy', 'redressOffered'] as const;
/** One field a deadline rule can require of a response. */
export type ResponseRequirement = (typeof RESPONSE_REQUIREMENTS)[number];

/**
 * What answers a deadline: an event type, or a response of given kinds that says
 * what the rule requires. Recorded in `DeadlineSet`, so replay needs no policy.
 *
 * @example
 * clockAnswerSchema.parse({ event: 'ResponseSent', kinds: ['final'] });
 */
export const clockAnswerSchema = z.strictObject({
  event: z.string().regex(/^[A-Z][A-Za-z]+$/, 'must be an event type such as "ResponseSent"'),
  kinds: z.array(z.enum(RESPONSE_KINDS)).min(1).max(RESPONSE_KINDS.length).optional(),
  requires: z.array(z.enum(RESPONSE_REQUIREMENTS)).max(RESPONSE_REQUIREMENTS.length).optional(),
});
/** One way a deadline can be answered (see `clockAnswerSchema`). */
export type ClockAnswer = z.output<typeof clockAnswerSchema>;
