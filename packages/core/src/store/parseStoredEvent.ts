import { z } from 'zod';
import type { StoredEvent } from '../domain/envelope';
import { CURRENT_SCHEMA_VERSION, eventDataSchemas, isEventType, type EventType } from '../domain/events';
import { actorSchema } from '../domain/roles';
import { RedressError } from '../errors/redressError';

/** Lifts an event's data from schema version `n` to `n + 1`. */
export type Upcaster = (data: unknown) => unknown;
/** Upcasters by event type and by the version they lift from. */
export type Upcasters = Partial<Record<EventType, Readonly<Record<number, Upcaster>>>>;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const envelopeSchema = z.strictObject({
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

const describe = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

/**
 * Check a row read back from a store against the envelope and the data schema,
 * lifting old schema versions through `upcasters`. A row that fails is reported
 * as `TAMPERED`: the log does not hold what Redress wrote.
 *
 * @example
 * const event = parseStoredEvent(JSON.parse(row.body));
 */
export const parseStoredEvent = (raw: unknown, upcasters: Upcasters = {}): StoredEvent => {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    throw new RedressError('TAMPERED', `A stored event does not have the shape of a Redress event: ${describe(envelope.error)}`, {
      issues: envelope.error.issues,
    });
  }
  const e = envelope.data;
  const where = `event ${e.streamId} v${e.version}`;
  if (!isEventType(e.type)) {
    throw new RedressError('TAMPERED', `Stored ${where} has unknown type "${e.type}"; is the store written by a newer Redress?`, {
      streamId: e.streamId,
      version: e.version,
    });
  }
  const current = CURRENT_SCHEMA_VERSION[e.type];
  if (e.schemaVersion > current) {
    throw new RedressError(
      'TAMPERED',
      `Stored ${where} has schema version ${e.schemaVersion}, newer than this Redress knows (${current}); upgrade @redress/core`,
      { streamId: e.streamId, version: e.version },
    );
  }
  let data = e.data;
  for (let v = e.schemaVersion; v < current; v++) {
    const lift = upcasters[e.type]?.[v];
    if (lift === undefined) {
      throw new RedressError('TAMPERED', `Stored ${where} has schema version ${v} and no upcaster lifts ${e.type} from it`, {
        streamId: e.streamId,
        version: e.version,
      });
    }
    data = lift(data);
  }
  const parsed = eventDataSchemas[e.type].safeParse(data);
  if (!parsed.success) {
    throw new RedressError('TAMPERED', `Stored ${where} (${e.type}) fails its schema: ${describe(parsed.error)}`, {
      streamId: e.streamId,
      version: e.version,
      issues: parsed.error.issues,
    });
  }
  // Keep the data exactly as stored (the hash covers it); the parse only checks it.
  return { ...e, type: e.type, data: e.schemaVersion === current ? e.data : parsed.data } as StoredEvent;
};
