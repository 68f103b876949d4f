import type { Complaint } from '../domain/complaint';
import type { RecordedEvent } from '../domain/envelope';
import { withoutPersonalValues } from '../delivery/redact';
import type { OutboxMessage } from '../store/eventStore';
import { checkAddress, type AddressCheck } from './addresses';
import { notificationId, type InvalidNotificationPayload, type NotificationPayload } from './payload';
import { describeQuery, type Locale, type Recipient, type RecipientQuery, type RecipientResolver } from './recipients';
import { resolveDynamic, type NotificationRule } from './rules';
import { pickTemplate, renderTemplate, type TemplateSet } from './template';
import { messageVariables } from './variables';

/** What building messages needs from the policy. */
export interface BuildContext {
  readonly rules: readonly NotificationRule[];
  readonly templates: TemplateSet;
  readonly resolve: RecipientResolver;
  readonly checks: Readonly<Record<string, AddressCheck>>;
  readonly locale: Locale;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A recipient by role, for a reason that is stored and shown: never their name or address. */
const who = (r: Recipient) => (r.id === 'complainant' ? 'the complainant' : `staff member "${r.id}"`);
const whose = (r: Recipient) => (r.id === 'complainant' ? "the complainant's" : `staff member "${r.id}"'s`);

/** What an address is, in a reason: `sms` is a phone number. */
const FIELD: Readonly<Record<string, string>> = { sms: 'phone number', email: 'email address', webhook: 'webhook URL' };
const fieldOf = (channel: string) => FIELD[channel] ?? `${channel} address`;

/** The personal values of a complaint and a recipient, cut out of any reason (an app's check or resolver may quote them). */
const personalValues = (complaint: Complaint, r?: Recipient): unknown[] => [
  ...Object.values(complaint.complainant ?? {}),
  complaint.summary,
  complaint.desiredRemedy,
  ...(r === undefined ? [] : [r.name, ...Object.values(r.addresses)]),
];

/** The messages one rule produces for one event: ready ones, or invalid ones that say what to fix. */
const forRule = (
  event: RecordedEvent,
  complaint: Complaint,
  rule: NotificationRule,
  ctx: BuildContext,
): OutboxMessage[] => {
  const base = { rule: rule.id, complaintId: complaint.id, eventType: event.type };
  const availableAt = rule.delayMs ? new Date(Date.parse(event.occurredAt) + rule.delayMs).toISOString() : undefined;
  const row = (
    recipientId: string,
    channel: string,
    payload: NotificationPayload | InvalidNotificationPayload,
  ): OutboxMessage => ({
    id: notificationId(complaint.id, event.id, rule.id, recipientId),
    streamId: complaint.id,
    eventId: event.id,
    channel,
    payload,
    ...(availableAt === undefined ? {} : { availableAt }),
  });
  // The reason is stored in the outbox and shown in reports: the recipient by role, never their name or address.
  const invalid = (recipientId: string, channel: string, problem: string, to?: Recipient) =>
    row(recipientId, channel, {
      kind: 'invalid-notification',
      ...base,
      ...(to ? { to: { id: to.id } } : {}),
      problem: withoutPersonalValues(problem, personalValues(complaint, to)),
    });

  let channels: readonly string[] = ['unknown'];
  try {
    if (rule.when !== undefined && !rule.when(event, complaint)) return [];
    channels = resolveDynamic(rule.channels, event, complaint);
    const to = resolveDynamic(rule.to, event, complaint);
    const queries: readonly RecipientQuery[] = Array.isArray(to) ? to : [to as RecipientQuery];
    const urgent = resolveDynamic(rule.urgent ?? false, event, complaint);
    const recipients = new Map<string, Recipient>();
    for (const q of queries)
      for (const r of ctx.resolve(q, { complaint, event })) if (!recipients.has(r.id)) recipients.set(r.id, r);
    if (recipients.size === 0) {
      const who = queries.map((q) => describeQuery(q, complaint)).join(' or ');
      return [
        invalid(
          'nobody',
          channels[0] ?? 'unknown',
          `Rule "${rule.id}" found no recipient among ${who}; add them to the staff directory or change the rule's "to"`,
        ),
      ];
    }
    return [...recipients.values()].map((r) => {
      const channel = channels.find((c) => (r.addresses[c] ?? '').trim().length > 0);
      if (channel === undefined) {
        const what = channels.map(fieldOf).join(' or ');
        return invalid(
          r.id,
          channels[0] ?? 'unknown',
          `${capital(who(r))} has no ${what} (channels ${channels.join(', ')}); add one so rule "${rule.id}" can reach them`,
          r,
        );
      }
      const address = (r.addresses[channel] as string).trim();
      const bad = checkAddress(channel, address, ctx.checks);
      if (bad !== undefined)
        return invalid(
          r.id,
          channel,
          `${capital(whose(r))} ${fieldOf(channel)} (channel ${channel}) ${bad}; correct it`,
          r,
        );
      const picked = pickTemplate(ctx.templates, rule.template, r.locale ?? ctx.locale, ctx.locale);
      if (picked === undefined)
        return invalid(
          r.id,
          channel,
          `Rule "${rule.id}" names template "${rule.template}", which does not exist; add it to the templates`,
          r,
        );
      const rendered = renderTemplate(picked.template, messageVariables(event, complaint, r), picked.locale);
      if (!rendered.ok)
        return invalid(
          r.id,
          channel,
          `Template "${rule.template}" (${picked.locale}) ${rendered.problem}; fix the template`,
          r,
        );
      const { subject, text, html } = rendered.message;
      const payload: NotificationPayload = {
        kind: 'notification',
        ...base,
        template: rule.template,
        urgent,
        locale: picked.locale,
        to: { id: r.id, ...(r.name === undefined ? {} : { name: r.name }), address },
        subject,
        text,
        html,
      };
      return row(r.id, channel, payload);
    });
  } catch (e) {
    return [
      invalid(
        'error',
        channels[0] ?? 'unknown',
        `Rule "${rule.id}" failed while building its message: ${errorText(e)}; fix the rule or the recipient resolver`,
      ),
    ];
  }
};

/**
 * The outbox rows for one event under the policy's rules. Never throws: a problem
 * becomes an invalid row that the dispatcher dead-letters with the reason.
 *
 * @example
 * buildMessages(event, complaint, { rules: defaultRules, templates: defaultTemplates, resolve, checks: addressChecks, locale: 'en' });
 */
export const buildMessages = (event: RecordedEvent, complaint: Complaint, ctx: BuildContext): OutboxMessage[] =>
  ctx.rules.filter((rule) => rule.on.includes(event.type)).flatMap((rule) => forRule(event, complaint, rule, ctx));
