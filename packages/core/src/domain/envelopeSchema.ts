import { z } from 'zod';
import type { StoredEvent } from './envelope';
import { actorSchema } from './roles';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * The zod definition of a stored event's envelope (`StoredEvent` of `envelope.ts`,
 * its data left to the event type's own schema): what every read checks a row
 * against. The read path's fast envelope check must never be looser.
 *
 * @example
 * envelopeSchema.safeParse(JSON.parse(row.body)).success; // false for a damaged row
 */
export const envelopeSchema = z.strictObject({
  id: z.string().min(1).max(128),
  streamId: z.string().min(1).max(128),
  version: z.number().int().positive(),
  type: z.string(),
  schemaVersion: z.number().int().positive(),
  data: z.unknown(),
  actor: actorSchema,
  occurredAt: z.iso.datetime({ offset: true }),
  correlationId: z.string().min(1).max(128),
  causationId: z.string().min(1).max(128).nullable(),
  commandId: z.string().min(1).max(128).nullable(),
  prevHash: hex64,
  hash: hex64,
  position: z.number().int().positive(),
});

/** An envelope as `envelopeSchema` accepts it: type and data not yet checked against each other. */
export type StoredEnvelope = z.output<typeof envelopeSchema>;

// The schema names exactly the fields of `StoredEvent`: a field added to one and
// not to the other fails the build here.
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : never) : never;
const sameKeys: SameKeys<StoredEnvelope, StoredEvent> = true;
void sameKeys;
