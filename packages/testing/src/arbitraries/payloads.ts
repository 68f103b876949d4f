import fc from 'fast-check';
import {
  CHANNELS,
  DEADLINE_KINDS,
  LIMITS,
  PRIORITIES,
  RESPONSE_CHANNELS,
  RESPONSE_KINDS,
  UPHOLD_OUTCOMES,
  type CommandOf,
  type CommandType,
} from '@redress/core';
import { DEPARTMENTS } from './actors';
import { complainant } from './complainants';
import { identifier, longText, shortText, slug } from './text';

type Meta = 'type' | 'actor' | 'complaintId' | 'commandId' | 'correlationId' | 'causationId';

/**
 * A command's own fields: everything but its type, actor, complaint id and idempotency/correlation ids.
 *
 * @example
 * const p: Payload<'addNote'> = { text: 'Called back' };
 */
export type Payload<T extends CommandType> = Omit<CommandOf<T>, Meta>;

const opt = { requiredKeys: [] as never[] };

const compensation = fc.record({
  amount: fc.oneof(
    fc.integer({ min: 0, max: 100_000 }),
    fc.double({ min: 0, max: 1e12, noNaN: true, noDefaultInfinity: true }),
  ),
  currency: fc.constantFrom('CNY', 'USD', 'EUR', 'JPY'),
});

/**
 * Arbitraries of every command's payload, by command type. The payload is valid
 * on its own; whether the command is possible depends on the complaint's stage
 * (see `validCommandSequence`). `approveRemedy` leaves out `proposalId`, which
 * only the complaint can supply.
 *
 * @example
 * const accept = fc.sample(commandPayloads.accept, 1)[0];
 * // { department: 'quality-control', priority: 'high' }
 */
export const commandPayloads: {
  readonly [T in CommandType]: fc.Arbitrary<T extends 'approveRemedy' ? Omit<Payload<T>, 'proposalId'> : Payload<T>>;
} = {
  receive: fc.record(
    {
      channel: fc.constantFrom(...CHANNELS),
      category: slug(),
      complainant: complainant(),
      summary: longText(),
      desiredRemedy: shortText(),
      reference: identifier(),
      legalEntity: slug(),
    },
    { requiredKeys: ['channel', 'category', 'complainant', 'summary'] },
  ),
  accept: fc.record(
    {
      department: fc.constantFrom(...DEPARTMENTS),
      priority: fc.constantFrom(...PRIORITIES),
      assignee: identifier(),
      note: longText(),
    },
    { requiredKeys: ['department', 'priority'] },
  ),
  reject: fc.record({ reason: longText() }),
  reassign: fc.record(
    { department: fc.constantFrom(...DEPARTMENTS), assignee: identifier(), reason: longText() },
    { requiredKeys: ['department'] },
  ),
  recordInvestigation: fc.record(
    { rootCause: longText(), responsibleParty: shortText(), findings: longText() },
    { requiredKeys: ['rootCause', 'responsibleParty'] },
  ),
  proposeRemedy: fc.record({
    remedy: fc.record({ description: longText(), compensation }, { requiredKeys: ['description'] }),
  }),
  approveRemedy: fc.record({ note: longText() }, opt),
  implementRemedy: fc.record({ actionsTaken: longText(), penalty: longText() }, { requiredKeys: ['actionsTaken'] }),
  recordCustomerResponse: fc.record(
    {
      accepted: fc.boolean(),
      confirmation: fc.constantFrom('signature', 'verbal', 'written', 'electronic'),
      comment: longText(),
    },
    { requiredKeys: ['accepted'] },
  ),
  review: fc.record(
    {
      summary: longText(),
      classification: slug(),
      improvementActions: fc.array(shortText(), { maxLength: LIMITS.listItems }),
      outcome: fc.constantFrom(...UPHOLD_OUTCOMES),
    },
    { requiredKeys: ['summary', 'classification'] },
  ),
  recordFollowUp: fc.record(
    { satisfaction: fc.integer({ min: 1, max: 5 }), comment: longText() },
    { requiredKeys: ['satisfaction'] },
  ),
  escalate: fc.record({ reason: longText() }),
  addNote: fc.record({ text: longText() }),
  withdraw: fc.record({ reason: longText() }, opt),
  pause: fc.record({ reason: longText() }),
  resume: fc.record({ note: longText() }, opt),
  extendDeadline: fc.record(
    {
      deadline: fc.constantFrom(...DEADLINE_KINDS),
      reason: longText(),
      until: fc
        .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString()),
    },
    { requiredKeys: ['deadline', 'reason'] },
  ),
  respond: fc.record(
    {
      kind: fc.constantFrom(...RESPONSE_KINDS),
      channel: fc.constantFrom(...RESPONSE_CHANNELS),
      text: longText(),
      referralRights: fc.boolean(),
      redressOffered: fc.boolean(),
      expectedBy: fc
        .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString()),
    },
    { requiredKeys: ['kind', 'channel', 'text'] },
  ),
  resolveAtFirstContact: fc.record(
    { resolution: longText(), priority: fc.constantFrom(...PRIORITIES), outcome: fc.constantFrom(...UPHOLD_OUTCOMES) },
    { requiredKeys: ['resolution', 'priority'] },
  ),
  link: fc.record({ relatedId: identifier() }),
  merge: fc.record({ into: identifier() }),
};
