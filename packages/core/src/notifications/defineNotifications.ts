import type { Complaint } from '../domain/complaint';
import type { RecordedEvent } from '../domain/envelope';
import type { OutboxMessage } from '../store/eventStore';
import { addressChecks, type AddressCheck } from './addresses';
import { defaultTemplates } from './defaultTemplates';
import { buildMessages } from './buildMessages';
import {
  complainantRecipient,
  staffDirectory,
  type Locale,
  type Recipient,
  type RecipientResolver,
  type StaffMember,
} from './recipients';
import { defaultRules, type NotificationRule } from './rules';
import { mergeTemplates, type TemplateSet } from './template';

/** What the app tells the notification policy. */
export interface NotificationOptions {
  /** Staff for role and department queries: a list, or a resolver of your own. */
  readonly staff?: readonly StaffMember[] | RecipientResolver;
  /** The complainant as a recipient. Default: email and phone from the complaint, in `locale`. */
  readonly complainant?: (complaint: Complaint) => Recipient;
  /** The rules. Default {@link defaultRules}; pass a function to change them. */
  readonly rules?:
    | readonly NotificationRule[]
    | ((defaults: readonly NotificationRule[]) => readonly NotificationRule[]);
  /** Template overrides and additions, by id and locale. */
  readonly templates?: TemplateSet;
  /** Locale of recipients that do not name one. Default `zh`. */
  readonly locale?: Locale;
  /** Address checks per channel, added to the built-in email / sms / webhook checks. */
  readonly addressChecks?: Readonly<Record<string, AddressCheck>>;
}

/** The notification policy, ready for `createEngine({ outbox: notifications.outbox })`. */
export interface Notifications {
  /** Outbox rows for events just decided: pass it as the engine's `outbox` option. */
  readonly outbox: (events: readonly RecordedEvent[], complaint: Complaint) => OutboxMessage[];
  readonly rules: readonly NotificationRule[];
  readonly templates: TemplateSet;
}

/**
 * Build the notification policy. Messages become outbox rows in the same append
 * as their events. A message that cannot be built (no recipient, bad address,
 * template using a variable that is not there) is still written, marked invalid
 * with what to fix, and the dispatcher dead-letters it: the workflow never waits
 * on, or fails because of, a notification.
 *
 * @example
 * const notifications = defineNotifications({
 *   staff: [{ id: 'sup-1', name: '李主管', roles: ['supervisor'], addresses: { email: 'li@example.com' } }],
 *   locale: 'zh',
 * });
 * const engine = createEngine({ store, outbox: notifications.outbox });
 */
export const defineNotifications = (options: NotificationOptions = {}): Notifications => {
  const locale = options.locale ?? 'zh';
  const rules = typeof options.rules === 'function' ? options.rules(defaultRules) : (options.rules ?? defaultRules);
  const templates = mergeTemplates(defaultTemplates, options.templates);
  const staff =
    options.staff === undefined
      ? () => []
      : typeof options.staff === 'function'
        ? options.staff
        : staffDirectory(options.staff);
  const complainant = options.complainant ?? ((c: Complaint) => complainantRecipient(c, locale));
  const resolve: RecipientResolver = (query, context) =>
    query.kind === 'complainant' ? [complainant(context.complaint)] : staff(query, context);
  const checks = { ...addressChecks, ...options.addressChecks };
  const context = { rules, templates, resolve, checks, locale };
  return {
    outbox: (events, complaint) => events.flatMap((event) => buildMessages(event, complaint, context)),
    rules,
    templates,
  };
};
