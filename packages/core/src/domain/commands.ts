import { z } from 'zod';
import { actorSchema } from './roles';
import { compensationSchema, eventDataSchemas } from './events';
import { idSchema, longText } from './limits';

const meta = {
  actor: actorSchema,
  commandId: idSchema.optional(),
  correlationId: idSchema.optional(),
  causationId: idSchema.optional(),
};
const onComplaint = { ...meta, complaintId: idSchema };
const data = eventDataSchemas;
// The engine derives the blind-index tokens; a caller never sends them.
const { contactIndex: _derived, ...receivedShape } = data.ComplaintReceived.shape;
const { routing: _routed, ...acceptedShape } = data.ComplaintAccepted.shape;

/**
 * Schemas of every command, by command type.
 *
 * @example
 * commandSchemas.addNote.parse({ type: 'addNote', complaintId: 'c-1', actor: { id: 'u1', role: 'agent' }, text: 'Called back' });
 */
export const commandSchemas = {
  // `resolvedAtFirstContact`: the agent settled it at intake; recorded as `ResolvedAtFirstContact` in the same append.
  receive: z.strictObject({
    type: z.literal('receive'),
    ...meta,
    complaintId: idSchema.optional(),
    ...receivedShape,
    resolvedAtFirstContact: data.ResolvedAtFirstContact.optional(),
  }),
  // The department may be left to the routing policy, whose choice the engine records in `routing`.
  accept: z.strictObject({
    type: z.literal('accept'),
    ...onComplaint,
    ...acceptedShape,
    department: acceptedShape.department.optional(),
  }),
  reject: z.strictObject({ type: z.literal('reject'), ...onComplaint, ...data.ComplaintRejected.shape }),
  reassign: z.strictObject({ type: z.literal('reassign'), ...onComplaint, ...data.ComplaintReassigned.shape }),
  recordInvestigation: z.strictObject({
    type: z.literal('recordInvestigation'),
    ...onComplaint,
    ...data.InvestigationCompleted.shape,
  }),
  proposeRemedy: z.strictObject({
    type: z.literal('proposeRemedy'),
    ...onComplaint,
    proposalId: idSchema.optional(),
    remedy: z.strictObject({ description: longText, compensation: compensationSchema.optional() }),
  }),
  approveRemedy: z.strictObject({ type: z.literal('approveRemedy'), ...onComplaint, ...data.RemedyApproved.shape }),
  implementRemedy: z.strictObject({
    type: z.literal('implementRemedy'),
    ...onComplaint,
    ...data.RemedyImplemented.shape,
  }),
  recordCustomerResponse: z.strictObject({
    type: z.literal('recordCustomerResponse'),
    ...onComplaint,
    ...data.CustomerResponded.shape,
  }),
  review: z.strictObject({ type: z.literal('review'), ...onComplaint, ...data.ComplaintReviewed.shape }),
  recordFollowUp: z.strictObject({ type: z.literal('recordFollowUp'), ...onComplaint, ...data.FollowUpRecorded.shape }),
  escalate: z.strictObject({ type: z.literal('escalate'), ...onComplaint, ...data.ComplaintEscalated.shape }),
  addNote: z.strictObject({ type: z.literal('addNote'), ...onComplaint, ...data.NoteAdded.shape }),
  withdraw: z.strictObject({ type: z.literal('withdraw'), ...onComplaint, ...data.ComplaintWithdrawn.shape }),
  pause: z.strictObject({ type: z.literal('pause'), ...onComplaint, ...data.ComplaintPaused.shape }),
  resume: z.strictObject({ type: z.literal('resume'), ...onComplaint, ...data.ComplaintResumed.shape }),
  extendDeadline: z.strictObject({ type: z.literal('extendDeadline'), ...onComplaint, ...data.DeadlineExtended.shape }),
  respond: z.strictObject({ type: z.literal('respond'), ...onComplaint, ...data.ResponseSent.shape }),
  resolveAtFirstContact: z.strictObject({
    type: z.literal('resolveAtFirstContact'),
    ...onComplaint,
    ...data.ResolvedAtFirstContact.shape,
  }),
  link: z.strictObject({ type: z.literal('link'), ...onComplaint, ...data.ComplaintLinked.shape }),
  merge: z.strictObject({ type: z.literal('merge'), ...onComplaint, ...data.ComplaintMerged.shape }),
} as const;

/** The name of a command, such as `receive` or `approveRemedy`. */
export type CommandType = keyof typeof commandSchemas;
/** A command of type `T` as the caller writes it. */
export type CommandOf<T extends CommandType> = z.input<(typeof commandSchemas)[T]>;
/** A command as the caller writes it. */
export type Command = { [T in CommandType]: CommandOf<T> }[CommandType];
/** A command after validation (trimmed strings, defaults filled). */
export type ParsedCommand = { [T in CommandType]: z.output<(typeof commandSchemas)[T]> }[CommandType];
/** A command of type `T` after validation. */
export type ParsedCommandOf<T extends CommandType> = z.output<(typeof commandSchemas)[T]>;

/**
 * Every command type.
 *
 * @example
 * COMMAND_TYPES.includes('withdraw'); // true
 */
export const COMMAND_TYPES = Object.keys(commandSchemas) as CommandType[];

/**
 * The one schema that accepts any command, discriminated by `type`.
 *
 * @example
 * const result = commandSchema.safeParse(JSON.parse(body));
 * if (!result.success) console.error(result.error.issues);
 */
export const commandSchema = z.discriminatedUnion('type', [
  commandSchemas.receive,
  commandSchemas.accept,
  commandSchemas.reject,
  commandSchemas.reassign,
  commandSchemas.recordInvestigation,
  commandSchemas.proposeRemedy,
  commandSchemas.approveRemedy,
  commandSchemas.implementRemedy,
  commandSchemas.recordCustomerResponse,
  commandSchemas.review,
  commandSchemas.recordFollowUp,
  commandSchemas.escalate,
  commandSchemas.addNote,
  commandSchemas.withdraw,
  commandSchemas.pause,
  commandSchemas.resume,
  commandSchemas.extendDeadline,
  commandSchemas.respond,
  commandSchemas.resolveAtFirstContact,
  commandSchemas.link,
  commandSchemas.merge,
]);

/**
 * The domain event each command records (receive also records the acknowledgement).
 *
 * @example
 * COMMAND_EVENT.approveRemedy; // 'RemedyApproved'
 */
export const COMMAND_EVENT = {
  receive: 'ComplaintReceived',
  accept: 'ComplaintAccepted',
  reject: 'ComplaintRejected',
  reassign: 'ComplaintReassigned',
  recordInvestigation: 'InvestigationCompleted',
  proposeRemedy: 'RemedyProposed',
  approveRemedy: 'RemedyApproved',
  implementRemedy: 'RemedyImplemented',
  recordCustomerResponse: 'CustomerResponded',
  review: 'ComplaintReviewed',
  recordFollowUp: 'FollowUpRecorded',
  escalate: 'ComplaintEscalated',
  addNote: 'NoteAdded',
  withdraw: 'ComplaintWithdrawn',
  pause: 'ComplaintPaused',
  resume: 'ComplaintResumed',
  extendDeadline: 'DeadlineExtended',
  respond: 'ResponseSent',
  resolveAtFirstContact: 'ResolvedAtFirstContact',
  link: 'ComplaintLinked',
  merge: 'ComplaintMerged',
} as const satisfies Record<CommandType, string>;
