import { isEventType, type EventType } from '../domain/events';
import { RedressError } from '../errors/redressError';
import { isRecord } from '../store/optionChecks';
import { encryptablePaths, registeredPersonalPaths } from './schemaPaths';

/**
 * Which fields of which events are personal data, stored encrypted under the
 * complainant's key. Everything else stays in clear.
 *
 * @example
 * privateFields(defaultPrivacyPolicy, 'NoteAdded'); // ['text']
 */
export interface PrivacyPolicy {
  /** Dot-separated paths inside each event type's `data`. */
  readonly fields: Readonly<Partial<Record<EventType, readonly string[]>>>;
  /** The roles that may erase a subject's personal data (`engine.erase`). */
  readonly eraseRoles: readonly string[];
}

/**
 * The roles that may erase by default: a supervisor and a privacy officer.
 *
 * @example
 * DEFAULT_ERASE_ROLES.includes('privacy-officer'); // true
 */
export const DEFAULT_ERASE_ROLES: readonly string[] = Object.freeze(['supervisor', 'privacy-officer']);

/**
 * The free text that describes a case and so often holds more about the person
 * (an order number, a health detail, a home situation): the complaint's summary
 * and desired remedy, notes, the customer's comment on a remedy and the
 * follow-up comment.
 *
 * @example
 * FREE_TEXT_FIELDS.NoteAdded; // ['text']
 */
export const FREE_TEXT_FIELDS: Readonly<Partial<Record<EventType, readonly string[]>>> = {
  ComplaintReceived: ['summary', 'desiredRemedy'],
  NoteAdded: ['text'],
  CustomerResponded: ['comment'],
  FollowUpRecorded: ['comment'],
};

const merge = (...parts: Readonly<Partial<Record<EventType, readonly string[]>>>[]) => {
  const out: Partial<Record<EventType, readonly string[]>> = {};
  for (const part of parts) {
    for (const [type, paths] of Object.entries(part) as [EventType, readonly string[]][]) {
      out[type] = [...new Set([...(out[type] ?? []), ...paths])];
    }
  }
  return Object.freeze(out);
};

/**
 * The fields encrypted by default: the complainant's contact fields (name,
 * phone, email, address: whatever the schemas mark in the `personalData`
 * registry) and {@link FREE_TEXT_FIELDS}. Category, stage, channel,
 * department, priority, amounts, actors and times stay in clear, so statistics,
 * deadlines and audits need no key.
 *
 * @example
 * DEFAULT_PRIVATE_FIELDS.ComplaintReceived; // ['complainant.name', …, 'summary', 'desiredRemedy']
 */
export const DEFAULT_PRIVATE_FIELDS: Readonly<Partial<Record<EventType, readonly string[]>>> = merge(
  registeredPersonalPaths(),
  FREE_TEXT_FIELDS,
);

const refuse = (message: string, details: object) =>
  new RedressError('VALIDATION', `definePrivacyPolicy: ${message}`, details);

/**
 * A privacy policy naming the encrypted fields by event type. Every path must
 * be a text or list field of that event's schema; anything else (an unknown
 * event or path, an enum, a number) is `VALIDATION` saying which paths can be
 * named. To add to the defaults, spread them. `eraseRoles` names who may
 * erase (default {@link DEFAULT_ERASE_ROLES}).
 *
 * @example
 * const policy = definePrivacyPolicy({
 *   fields: { ...DEFAULT_PRIVATE_FIELDS, InvestigationCompleted: ['findings'] },
 * });
 */
export const definePrivacyPolicy = (
  options: {
    readonly fields?: Readonly<Partial<Record<string, readonly string[]>>>;
    readonly eraseRoles?: readonly string[];
  } = {},
): PrivacyPolicy => {
  if (!isRecord(options))
    throw refuse("takes an options object such as { fields: { NoteAdded: ['text'] } }", { option: 'fields' });
  const fields = options.fields ?? DEFAULT_PRIVATE_FIELDS;
  if (!isRecord(fields))
    throw refuse("fields must be an object of paths by event type, e.g. { NoteAdded: ['text'] }", { option: 'fields' });
  for (const [type, paths] of Object.entries(fields)) {
    if (!isEventType(type))
      throw refuse(`fields.${type}: no event type is called ${JSON.stringify(type)}`, { option: 'fields', type });
    const allowed = encryptablePaths(type);
    if (!Array.isArray(paths))
      throw refuse(`fields.${type} must be an array of paths such as [${allowed.map((p) => `'${p}'`).join(', ')}]`, {
        option: 'fields',
        type,
      });
    for (const path of paths) {
      if (typeof path !== 'string' || !allowed.includes(path)) {
        throw refuse(
          `fields.${type}: ${JSON.stringify(path)} is not a text field of ${type}; it can name ${allowed.join(', ') || 'no field'}`,
          {
            option: 'fields',
            type,
            allowed,
          },
        );
      }
    }
  }
  const eraseRoles = options.eraseRoles ?? DEFAULT_ERASE_ROLES;
  if (!Array.isArray(eraseRoles) || eraseRoles.some((r) => typeof r !== 'string' || r.length === 0))
    throw refuse("eraseRoles must be an array of role names, e.g. ['privacy-officer']", { option: 'eraseRoles' });
  return Object.freeze({
    fields: merge(fields as Partial<Record<EventType, readonly string[]>>),
    eraseRoles: Object.freeze([...eraseRoles]),
  });
};

/**
 * The policy that encrypts {@link DEFAULT_PRIVATE_FIELDS}.
 *
 * @example
 * privateFields(defaultPrivacyPolicy, 'FollowUpRecorded'); // ['comment']
 */
export const defaultPrivacyPolicy: PrivacyPolicy = definePrivacyPolicy();

const NONE: readonly string[] = Object.freeze([]);

/**
 * The encrypted paths of one event type under a policy (empty when none).
 *
 * @example
 * privateFields(defaultPrivacyPolicy, 'ComplaintAccepted'); // []
 */
export const privateFields = (policy: PrivacyPolicy, type: EventType): readonly string[] => policy.fields[type] ?? NONE;
