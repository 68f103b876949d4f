import type { Complaint } from '../domain/complaint';
import type { RecordedEvent } from '../domain/envelope';
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

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

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
  const invalid = (recipientId: string, channel: string, problem: string, to?: Recipient) =>
    row(recipientId, channel, {
      kind: 'invalid-notification',
      ...base,
      ...(to ? { to: { id: to.id, ...(to.name ? { name: to.name } : {}) } } : {}),
      problem,
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
      const label = r.name === undefined ? `"${r.id}"` : `"${r.id}" (${r.name})`;
      if (channel === undefined) {
        return invalid(
          r.id,
          channels[0] ?? 'unknown',
          `Recipient ${label} has no ${channels.join(' or ')} address; add one so rule "${rule.id}" can reach them`,
          r,
        );
      }
      const address = (r.addresses[channel] as string).trim();
      const bad = checkAddress(channel, address, ctx.checks);
      if (bad !== undefined)
        return invalid(
          r.id,
          channel,
          `The ${channel} address of recipient ${label}, "${address}", ${bad}; correct it`,
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
