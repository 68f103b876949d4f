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
/** The zod definition of a stored envelope; the fast check below must never be looser. */
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

const ENVELOPE_KEYS = new Set(Object.keys(envelopeSchema.shape));
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:@-]*$/;
const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const HEX64 = /^[0-9a-f]{64}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const text = (v: unknown, max = 128): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const onlyEnvelopeKeys = (e: object) => {
  let n = 0;
  for (const key in e) {
    if (!ENVELOPE_KEYS.has(key)) return false;
    n++;
  }
  return n === ENVELOPE_KEYS.size;
};

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const num = (s: string, from: number, to: number) => Number(s.slice(from, to));
/** A real moment in `YYYY-MM-DDTHH:MM:SS.mmmZ` form (what `toISOString` writes), without building a Date. */
const isoMoment = (v: unknown): boolean => {
  if (typeof v !== 'string' || !ISO_UTC.test(v)) return false;
  const year = num(v, 0, 4);
  const month = num(v, 5, 7);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0);
  const day = num(v, 8, 10);
  return day >= 1 && day <= days && num(v, 11, 13) < 24 && num(v, 14, 16) < 60 && num(v, 17, 19) < 60;
};

const positiveInt = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const optionalText = (v: unknown) => v === null || text(v);

/**
 * The common case, checked by hand: an envelope exactly as Redress writes it.
 * Anything this does not accept goes through the zod schema, which either
 * accepts it too or says precisely what is wrong. It never accepts what zod would
 * refuse, so the fast path only saves time (zod's strict object check is most of
 * a read's cost otherwise).
 */
const writtenByRedress = (raw: unknown): boolean => {
  if (typeof raw !== 'object' || raw === null) return false;
  const e = raw as Record<string, unknown>;
  const actor = e.actor as Record<string, unknown> | null | undefined;
  return (
    text(e.id) &&
    text(e.streamId) &&
    positiveInt(e.version) &&
    typeof e.type === 'string' &&
    positiveInt(e.schemaVersion) &&
    'data' in e &&
    typeof actor === 'object' &&
    actor !== null &&
    text(actor.id) &&
    ID.test(actor.id) &&
    typeof actor.role === 'string' &&
    actor.role.length <= 64 &&
    SLUG.test(actor.role) &&
    (actor.department === undefined || (typeof actor.department === 'string' && actor.department.length <= 64 && SLUG.test(actor.department))) &&
    Object.keys(actor).length === ('department' in actor ? 3 : 2) &&
    isoMoment(e.occurredAt) &&
    text(e.correlationId) &&
    optionalText(e.causationId) &&
    optionalText(e.commandId) &&
    typeof e.prevHash === 'string' &&
    HEX64.test(e.prevHash) &&
    typeof e.hash === 'string' &&
    HEX64.test(e.hash) &&
    positiveInt(e.position) &&
    onlyEnvelopeKeys(e)
  );
};

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
  const envelope = writtenByRedress(raw)
    ? { success: true as const, data: raw as z.output<typeof envelopeSchema> }
    : envelopeSchema.safeParse(raw);
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
