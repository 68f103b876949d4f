import { isErased } from '../domain/erased';
import type { Complaint } from '../domain/complaint';
import type { RecordedEvent } from '../domain/envelope';

/** A language the built-in templates are written in. Apps may add more through their own templates. */
export type Locale = 'zh' | 'en' | (string & {});

/** Someone a notification goes to, with an address per delivery channel (`email`, `sms`, `webhook`, …). */
export interface Recipient {
  /** Stable id (staff id, or `complainant`): part of the message id, so it must not change between runs. */
  readonly id: string;
  readonly name?: string | undefined;
  readonly locale?: Locale | undefined;
  readonly addresses: Readonly<Partial<Record<string, string>>>;
}

/** Whom a rule addresses: the complainant, staff with a role, or staff of a department (`assigned`: the complaint's). */
export type RecipientQuery =
  | { readonly kind: 'complainant' }
  | { readonly kind: 'role'; readonly role: string }
  | { readonly kind: 'department'; readonly department: string };

/** What a resolver sees besides the query. */
export interface RecipientContext {
  readonly complaint: Complaint;
  readonly event: RecordedEvent;
}

/**
 * Turns a query into recipients. It runs inside the engine's append, so it must be
 * synchronous and quick: keep the directory in memory.
 */
export type RecipientResolver = (query: RecipientQuery, context: RecipientContext) => readonly Recipient[];

/** A member of staff in a {@link staffDirectory}. */
export interface StaffMember extends Recipient {
  readonly roles: readonly string[];
  readonly department?: string | undefined;
}

/**
 * A resolver over a fixed list of staff: role queries match `roles`, department
 * queries match `department` (`assigned` means the complaint's department).
 *
 * @example
 * const staff = staffDirectory([
 *   { id: 'sup-1', name: '李主管', roles: ['supervisor'], addresses: { email: 'li@example.com', sms: '+8613800000001' } },
 * ]);
 */
export const staffDirectory = (members: readonly StaffMember[]): RecipientResolver => {
  const list = [...members];
  return (query, { complaint }) => {
    if (query.kind === 'role') return list.filter((m) => m.roles.includes(query.role));
    if (query.kind === 'department') {
      const department = query.department === 'assigned' ? complaint.department : query.department;
      return department === undefined ? [] : list.filter((m) => m.department === department);
    }
    return [];
  };
};

/**
 * The complainant as a recipient: email and phone (as `sms`) from the complaint, in
 * the language recorded at intake (`complaint.locale`), else in `locale`.
 *
 * @example
 * complainantRecipient(complaint, 'zh'); // { id: 'complainant', locale: 'zh', addresses: { email: '…', sms: '…' } }
 */
export const complainantRecipient = (complaint: Complaint, fallback?: Locale): Recipient => {
  const { name, email, phone } = complaint.complainant;
  const locale = complaint.locale ?? fallback;
  // An erased complainant has no name nor address left: such a message is never sent.
  return {
    id: 'complainant',
    ...(isErased(name) ? {} : { name }),
    ...(locale === undefined ? {} : { locale }),
    addresses: {
      ...(email === undefined || isErased(email) ? {} : { email }),
      ...(phone === undefined || isErased(phone) ? {} : { sms: phone }),
    },
  };
};

/** Describe a query for a message that tells the app what to fix. */
export const describeQuery = (q: RecipientQuery, complaint: Complaint): string => {
  if (q.kind === 'complainant') return 'the complainant';
  if (q.kind === 'role') return `staff with role "${q.role}"`;
  const department = q.department === 'assigned' ? complaint.department : q.department;
  return department === undefined
    ? 'the assigned department (the complaint has none yet)'
    : `staff of department "${department}"`;
};
