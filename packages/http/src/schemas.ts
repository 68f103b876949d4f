import { commandSchemas, COMMAND_TYPES, PRIORITIES, STAGES, type CommandType } from '@redress/core';
import { z } from 'zod';

/** Command fields that never come from a body: the URL names the type and complaint, authentication the actor, `Idempotency-Key` the command id. */
export const RESERVED_FIELDS = ['type', 'complaintId', 'actor', 'commandId'] as const;

/**
 * The body of a command over HTTP: the engine's own zod schema of that command
 * without the fields the request gives elsewhere (see {@link RESERVED_FIELDS};
 * `receive` keeps its optional `complaintId`). It is the schema the handler
 * validates with and the one `/openapi.json` shows.
 *
 * @example
 * commandBodySchemas.addNote.parse({ text: 'Called back' });
 */
export const commandBodySchemas = Object.fromEntries(
  COMMAND_TYPES.map((type) => {
    const schema = commandSchemas[type] as unknown as z.ZodObject;
    const omit: Record<string, true> = { type: true, actor: true, commandId: true };
    if (type !== 'receive') omit.complaintId = true;
    return [type, schema.omit(omit)];
  }),
) as unknown as { readonly [T in CommandType]: z.ZodObject };

/** A complaint id in a path: the engine's id schema. */
export const complaintIdSchema = commandSchemas.accept.shape.complaintId;

const whole = z.string().regex(/^\d{1,9}$/, 'a whole number such as 3');
const flag = z.enum(['true', 'false']);
const isoTime = z.iso.datetime({ offset: true });

/** `?reveal=true`: ask for personal data (only roles the handler names may). */
const reveal = { reveal: flag.optional() };

/** Query of `GET /complaints/{id}`. */
export const complaintQuerySchema = z.strictObject({
  atVersion: whole.optional(),
  at: isoTime.optional(),
  ...reveal,
});
/** Query of the history route. */
export const historyQuerySchema = z.strictObject(reveal);
/** Query of routes that take none. */
export const emptyQuerySchema = z.strictObject({});

const list = (values: readonly string[]) =>
  z
    .string()
    .regex(
      new RegExp(`^(?:${values.join('|')})(?:,(?:${values.join('|')}))*$`),
      `one or more of ${values.join(', ')}, comma-separated`,
    );

/** Filters, order and page of `GET /complaints`. */
export const listQuerySchema = z.strictObject({
  stage: list(STAGES).optional(),
  status: z.enum(['open', 'closed']).optional(),
  category: z.string().max(200).optional(),
  department: z.string().max(200).optional(),
  assignee: z.string().max(200).optional(),
  priority: list(PRIORITIES).optional(),
  overdue: flag.optional(),
  sort: z.enum(['receivedAt', 'updatedAt', 'nextDueAt', 'priority', 'id']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  limit: whole.optional(),
  cursor: z.string().max(2000).optional(),
});

/** Query of `GET /statistics`. */
export const statisticsQuerySchema = z.strictObject({
  period: z.enum(['day', 'week', 'month']).optional(),
  timeZone: z.string().max(100).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
});

/** Query of the audit route. */
export const auditQuerySchema = z.strictObject({ format: z.enum(['json', 'html']).optional(), ...reveal });

/** Query of `GET /events`. */
export const eventsQuerySchema = z.strictObject({ after: whole.optional() });

/** An RFC 9457 problem as this API sends it. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().optional(),
  details: z.unknown().optional(),
  instance: z.string().optional(),
});

const eventSummary = z.object({ id: z.string(), type: z.string(), version: z.number().int() });

/** What a command answers. */
export const commandResultSchema = z.object({
  complaintId: z.string(),
  version: z.number().int(),
  stage: z.enum(STAGES),
  status: z.enum(['open', 'closed']),
  duplicate: z.boolean(),
  proposalId: z.string().optional(),
  events: z.array(eventSummary),
});

/** A complaint as folded from its events; personal fields read `{ hidden: true }` unless revealed. */
export const complaintSchema = z.looseObject({
  id: z.string(),
  stage: z.enum(STAGES),
  status: z.enum(['open', 'closed']),
  version: z.number().int(),
  category: z.string(),
});

/** A stored event; personal fields read `{ hidden: true }` unless revealed. */
export const eventSchema = z.looseObject({
  id: z.string(),
  streamId: z.string(),
  version: z.number().int(),
  position: z.number().int(),
  type: z.string(),
  occurredAt: z.string(),
  data: z.record(z.string(), z.unknown()),
});

/** The history route's answer. */
export const historySchema = z.object({
  complaintId: z.string(),
  personalData: z.enum(['hidden', 'revealed']),
  events: z.array(eventSchema),
});

/** The allowed-commands route's answer. */
export const allowedSchema = z.object({
  complaintId: z.string(),
  version: z.number().int(),
  stage: z.enum(STAGES),
  allowed: z.array(z.enum(COMMAND_TYPES as [CommandType, ...CommandType[]])),
});

/** The verify route's answer: `engine.verify`'s result. */
export const verifySchema = z.looseObject({ ok: z.boolean(), events: z.number().int() });

/** One page of the complaint list. */
export const listPageSchema = z.object({
  items: z.array(z.looseObject({ id: z.string(), stage: z.enum(STAGES) })),
  nextCursor: z.string().nullable(),
});

/** The statistics table. */
export const statisticsSchema = z.object({
  rows: z.array(z.looseObject({ period: z.string(), category: z.string(), department: z.string() })),
  totals: z.looseObject({ received: z.number().int() }),
});

/** The audit report as JSON (the CLI's `redress audit --format json`). */
export const auditSchema = z.looseObject({
  complaintId: z.string(),
  personalData: z.enum(['hidden', 'revealed']),
  timeline: z.array(z.unknown()),
});
