import { z } from 'zod';
import { LIMITS, idSchema, isoTime, longText, shortText, slugSchema } from './limits';
import { personalData } from './personalData';
import { clockAnswerSchema, responseSentSchema } from './response';

/**
 * The channels a complaint can arrive through.
 *
 * @example
 * CHANNELS.includes('email'); // true
 */
export const CHANNELS = ['phone', 'email', 'web', 'walk-in', 'hotline', 'regulator'] as const;
/**
 * The priorities a department can give an accepted complaint, lowest first.
 *
 * @example
 * PRIORITIES.indexOf('urgent') > PRIORITIES.indexOf('normal'); // true
 */
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
/**
 * The kinds of deadline clock a complaint can run.
 *
 * @example
 * for (const kind of DEADLINE_KINDS) console.log(complaint.deadlines?.[kind]?.dueAt);
 */
export const DEADLINE_KINDS = ['acknowledge', 'decide', 'resolve', 'followUp', 'progress'] as const;
/** One kind of deadline: `acknowledge`, `decide`, `resolve`, `followUp` or `progress` (the next progress update). */
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/**
 * How a complaint was decided, as regulators count it (FCA DISP 1.10, the NFRA's statistics).
 *
 * @example
 * UPHOLD_OUTCOMES.includes('partly-upheld'); // true
 */
export const UPHOLD_OUTCOMES = ['upheld', 'partly-upheld', 'not-upheld'] as const;
/** One of `UPHOLD_OUTCOMES`. */
export type UpholdOutcome = (typeof UPHOLD_OUTCOMES)[number];

export const channelSchema = z.enum(CHANNELS);
export const prioritySchema = z.enum(PRIORITIES);
export const upholdSchema = z.enum(UPHOLD_OUTCOMES);
/** The routing policy's choice: the department and the rule's name. */
export const routeSchema = z.strictObject({ department: slugSchema, rule: shortText });

/**
 * The complainant. Every field but `customerId` is personal data.
 *
 * @example
 * complainantSchema.parse({ name: 'Li Wei', phone: '+86 10 1234 5678' });
 */
export const complainantSchema = z.strictObject({
  name: z.string().trim().min(1).max(LIMITS.name).register(personalData, { personal: true, kind: 'name' }),
  phone: z
    .string()
    .trim()
    .min(3)
    .max(LIMITS.phone)
    .regex(/^[+0-9 ()-]+$/, 'must contain only digits, spaces, + ( ) -')
    .optional()
    .register(personalData, { personal: true, kind: 'phone' }),
  email: z.email().max(LIMITS.email).optional().register(personalData, { personal: true, kind: 'email' }),
  address: z
    .string()
    .trim()
    .min(1)
    .max(LIMITS.address)
    .optional()
    .register(personalData, { personal: true, kind: 'address' }),
  customerId: idSchema.optional(),
});

/**
 * A sum of money offered with a remedy, in an ISO 4217 currency.
 *
 * @example
 * compensationSchema.parse({ amount: 200, currency: 'CNY' });
 */
export const compensationSchema = z.strictObject({
  amount: z.number().finite().nonnegative().max(1e12),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "CNY"'),
});

/** A language, as a BCP 47 tag (`zh`, `en`, `en-GB`): read by the notifications, so never encrypted. */
export const localeSchema = z
  .string()
  .max(35)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag such as "zh", "en" or "en-GB"');

/** A blind-index token: base64url of an HMAC-SHA256. */
export const blindToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a blind-index token');

/**
 * Schemas of every event's `data`, by event type (current schema version).
 *
 * @example
 * eventDataSchemas.NoteAdded.parse({ text: 'Called back' });
 */
export const eventDataSchemas = {
  ComplaintReceived: z.strictObject({
    channel: channelSchema,
    category: slugSchema,
    complainant: complainantSchema,
    summary: longText,
    desiredRemedy: shortText.optional(),
    reference: idSchema.optional(),
    /** The firm (legal entity) the complaint is made against, for the regulator's return of each entity. */
    legalEntity: slugSchema.optional(),
    /**
     * The complainant's language, as a BCP 47 tag (`zh`, `en-GB`): their messages follow it
     * (falling back to its language, `en` for `en-GB`, then the notifications' default).
     */
    locale: localeSchema.optional(),
    /**
     * The data subject whose key encrypts the complaint's personal fields (an opaque id,
     * never personal data). Set by an engine with privacy on; absent in plain-text logs.
     */
    subjectId: idSchema.optional(),
    /**
     * Blind-index tokens of the complainant's phone and email (keyed HMACs, never the
     * values), set by an engine given an index key, to find a person's complaints.
     */
    contactIndex: z.strictObject({ phone: blindToken.optional(), email: blindToken.optional() }).optional(),
  }),
  ComplaintAcknowledged: z.strictObject({ channel: channelSchema }),
  ComplaintAccepted: z.strictObject({
    department: slugSchema,
    priority: prioritySchema,
    assignee: idSchema.optional(),
    note: longText.optional(),
    /**
     * The department the routing policy chose when the complaint was accepted, and the
     * rule that chose it; `department` differs from it when the handler chose otherwise.
     */
    routing: routeSchema.optional(),
  }),
  ComplaintRejected: z.strictObject({ reason: longText }),
  ComplaintReassigned: z.strictObject({
    department: slugSchema,
    assignee: idSchema.optional(),
    reason: longText.optional(),
  }),
  InvestigationCompleted: z.strictObject({
    rootCause: longText,
    responsibleParty: shortText,
    findings: longText.optional(),
  }),
  RemedyProposed: z.strictObject({
    proposalId: idSchema,
    description: longText,
    compensation: compensationSchema.optional(),
    /** How many distinct approvers this remedy needs, fixed by the policy when it is proposed. */
    approvalsRequired: z.number().int().min(1).max(5),
  }),
  RemedyApproved: z.strictObject({ proposalId: idSchema, note: longText.optional() }),
  RemedyImplemented: z.strictObject({ actionsTaken: longText, penalty: longText.optional() }),
  CustomerResponded: z.strictObject({
    accepted: z.boolean(),
    confirmation: z.enum(['signature', 'verbal', 'written', 'electronic']).optional(),
    comment: longText.optional(),
  }),
  ComplaintReviewed: z.strictObject({
    summary: longText,
    classification: slugSchema,
    improvementActions: z.array(shortText).max(LIMITS.listItems).optional(),
    /** Whether the complaint was upheld, in full or in part, as the regulator's return counts it. */
    outcome: upholdSchema.optional(),
  }),
  FollowUpRecorded: z.strictObject({
    satisfaction: z.number().int().min(1).max(5),
    comment: longText.optional(),
  }),
  ComplaintEscalated: z.strictObject({ reason: longText }),
  NoteAdded: z.strictObject({ text: longText }),
  ComplaintWithdrawn: z.strictObject({ reason: longText.optional() }),
  /** What was communicated to the complainant: its kind, channel and text (the text is personal data). */
  ResponseSent: responseSentSchema,
  DeadlineWarned: z.strictObject({ deadline: z.enum(DEADLINE_KINDS), dueAt: isoTime }),
  DeadlineBreached: z.strictObject({ deadline: z.enum(DEADLINE_KINDS), dueAt: isoTime }),
  /**
   * A deadline clock starts, or moves after a pause or an extension. The times are
   * computed from the policy and the business calendar when it happens and recorded
   * here, so replay never depends on the calendar of the day.
   */
  DeadlineSet: z.strictObject({
    deadline: z.enum(DEADLINE_KINDS),
    /** `repeat`: a recurring clock (progress updates) starts again after it was met. */
    cause: z.enum(['start', 'resume', 'extend', 'repeat']),
    startedAt: isoTime,
    dueAt: isoTime,
    warnAt: isoTime,
    /** `business`: counted in working time of the calendar; `calendar`: in elapsed time. */
    basis: z.enum(['calendar', 'business']),
    /** Pause added so far, in milliseconds of the basis. */
    pausedFor: z.number().int().nonnegative(),
    /** Whether a breach escalates the complaint. */
    escalate: z.boolean(),
    /** What answers this clock; absent in older logs, where the built-in `DEADLINE_MET_BY` applies. */
    metBy: z.array(clockAnswerSchema).min(1).max(20).optional(),
    /**
     * A clock counted in whole calendar days: the days (extensions included, pauses not),
     * whether a last day off rolls to the next working day, and whether the last day
     * ends at close of business (PRC Civil Code arts. 201, 203). A resume or an extension
     * recomputes the due time from it, so the roll and the closing time survive.
     */
    period: z
      .strictObject({
        calendarDays: z.number().int().positive().max(3_660),
        rollForward: z.boolean(),
        closeOfBusiness: z.boolean(),
      })
      .optional(),
    /** The versioned rule set (preset) the clock started under, e.g. `{ id: 'cn-nfra-complaints', version: 1 }`. */
    ruleSet: z.strictObject({ id: slugSchema, version: z.number().int().positive() }).optional(),
    /** A recurring clock (progress updates) starts again each time it is met, while the complaint is open. */
    repeat: z.boolean().optional(),
  }),
  /** A supervisor extends a deadline; `until` names the new due time, or the policy's next step applies. */
  DeadlineExtended: z.strictObject({
    deadline: z.enum(DEADLINE_KINDS),
    reason: longText,
    until: isoTime.optional(),
    /** Who approved the extension, where the rule asks for an approval (e.g. senior management). */
    approval: z.strictObject({ by: idSchema, role: slugSchema }).optional(),
  }),
  /** Waiting for the complainant: deadline clocks stop until `ComplaintResumed`. */
  ComplaintPaused: z.strictObject({ reason: longText }),
  ComplaintResumed: z.strictObject({ note: longText.optional() }),
  /**
   * An agent settled the complaint at first contact, at intake or right after it, with the
   * priority it was given; the review and the follow-up visit still follow.
   */
  ResolvedAtFirstContact: z.strictObject({
    resolution: longText,
    priority: prioritySchema,
    outcome: upholdSchema.optional(),
  }),
  /** The complaint is related to another one; the other complaint records the link too. */
  ComplaintLinked: z.strictObject({ relatedId: idSchema }),
  /** The complaint duplicates `into`, where it is handled: it closes here, in stage `merged`. */
  ComplaintMerged: z.strictObject({ into: idSchema }),
  /** A duplicate was merged into this complaint. */
  DuplicateMerged: z.strictObject({ duplicateId: idSchema }),
  /**
   * The personal data of a subject was erased: its data key is destroyed, so every
   * encrypted field of the complaint reads as erased from now on. It holds no
   * personal data; `reason` is stored in clear (a ticket number, a legal ground).
   */
  PersonalDataErased: z.strictObject({
    subjectId: idSchema,
    basis: z.enum(['request', 'retention']),
    reason: shortText,
  }),
} as const;

/** The name of a domain event, such as `ComplaintReceived`. */
export type EventType = keyof typeof eventDataSchemas;
/** The `data` of an event of type `T` (of any type when `T` is left out). */
export type EventData<T extends EventType = EventType> = z.output<(typeof eventDataSchemas)[T]>;

/**
 * Every event type, in the order of the lifecycle.
 *
 * @example
 * EVENT_TYPES[0]; // 'ComplaintReceived'
 */
export const EVENT_TYPES = Object.keys(eventDataSchemas) as EventType[];

/**
 * Current schema version of each event type. Older versions are lifted by upcasters.
 *
 * @example
 * CURRENT_SCHEMA_VERSION.ComplaintReceived; // 1
 */
export const CURRENT_SCHEMA_VERSION: Readonly<Record<EventType, number>> = Object.fromEntries(
  EVENT_TYPES.map((t) => [t, 1]),
) as Record<EventType, number>;

/** A domain event before it gets its envelope: a type and its data. */
export type DomainEvent = { [T in EventType]: { readonly type: T; readonly data: EventData<T> } }[EventType];

/**
 * Whether a string names a Redress event type.
 *
 * @example
 * isEventType('NoteAdded'); // true
 * isEventType('Deleted'); // false
 */
export const isEventType = (type: string): type is EventType => Object.hasOwn(eventDataSchemas, type);
