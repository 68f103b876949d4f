import { z } from 'zod';
import type { StoredEvent } from '../domain/envelope';
import { CURRENT_SCHEMA_VERSION, EVENT_TYPES, eventDataSchemas, type EventType } from '../domain/events';
import { actorSchema } from '../domain/roles';
import { RedressError } from '../errors/redressError';
import { fastCheck, type Accepts } from './fastDataCheck';
import { isoMoment } from './isoMoment';

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

const ENVELOPE_SIZE = Object.keys(envelopeSchema.shape).length;

/**
 * One of `envelopeSchema`'s keys (the test holds the two lists together). A switch
 * over the key names costs a third of a `Set` lookup, and every key of every event
 * read goes through it.
 */
export const isEnvelopeKey = (key: string): boolean => {
  switch (key) {
    case 'id':
    case 'streamId':
    case 'version':
    case 'type':
    case 'schemaVersion':
    case 'data':
    case 'actor':
    case 'occurredAt':
    case 'correlationId':
    case 'causationId':
    case 'commandId':
    case 'prevHash':
    case 'hash':
    case 'position':
      return true;
    default:
      return false;
  }
};

const text = (v: unknown, max = 128): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
// The keys, in order, of the last envelope that had exactly the envelope's keys.
// Events of one store come in one key order, so most envelopes are checked by
// comparing each key to the one in the same place: names from JSON.parse and
// for…in are interned, and two interned names are the same name only if they
// are the same string.
let lastKeys: string[] = [];
const onlyEnvelopeKeys = (e: object) => {
  let n = 0;
  let same = true;
  for (const key in e) {
    if (!same || key !== lastKeys[n]) {
      if (!isEnvelopeKey(key)) return false;
      same = false;
    }
    n++;
  }
  if (n !== ENVELOPE_SIZE) return false;
  if (!same) lastKeys = Object.keys(e);
  return true;
};

// Identifiers and slugs are checked by character class tables rather than by
// regular expressions: each call of a regular expression costs more than the
// whole loop over a short name.
const ID_START = 1;
const ID_REST = 2;
const SLUG_START = 4;
const SLUG_REST = 8;
const CLASSES = new Uint8Array(128);
const mark = (chars: string, classes: number) => {
  for (const c of chars) CLASSES[c.charCodeAt(0)]! |= classes;
};
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
mark(`${LOWER}${LOWER.toUpperCase()}0123456789`, ID_START | ID_REST);
mark('_.:@-', ID_REST);
mark(`${LOWER}0123456789`, SLUG_START | SLUG_REST);
mark('-', SLUG_REST);

/** What `/^[start][rest]*$/` says, for character classes `start` and `rest` of the table. */
const shaped = (v: string, start: number, rest: number): boolean => {
  if (v.length === 0) return false;
  let c = v.charCodeAt(0);
  if (c > 127 || (CLASSES[c]! & start) === 0) return false;
  for (let i = 1; i < v.length; i++) {
    c = v.charCodeAt(i);
    if (c > 127 || (CLASSES[c]! & rest) === 0) return false;
  }
  return true;
};
// Any character outside the class. A regular expression that looks for one
// runs as a tight scan: half the instructions of a loop over character codes,
// and of the anchored `/^[0-9a-f]{64}$/` (which costs as much as the loop).
const NOT_HEX = /[^0-9a-f]/;
/** `hex64`'s rule, `/^[0-9a-f]{64}$/`. */
const isHex64 = (v: string): boolean => v.length === 64 && !NOT_HEX.test(v);
/** `idSchema`'s rule: starts with a letter or digit, then letters, digits and `_.:@-`. */
const isId = (v: string) => shaped(v, ID_START, ID_REST);
/** `slugSchema`'s rule: lower-case letters, digits and `-`, not starting with `-`. */
const isSlug = (v: string) => shaped(v, SLUG_START, SLUG_REST);
/** No keys but the actor's (as zod's strict object finds unknown keys: by `for…in`). */
const onlyActorKeys = (actor: object) => {
  for (const key in actor) if (key !== 'id' && key !== 'role' && key !== 'department') return false;
  return true;
};

const positiveInt = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const optionalText = (v: unknown) => v === null || text(v);

// The hash of the last event the fast path accepted. Read in order, an event's
// prevHash is the hash of the event before it: equal to a string already checked,
// it needs no second hex check (still the most costly single test).
// It starts as the genesis hash, itself a valid one.
let lastHash = '0'.repeat(64);

/**
 * The common case, checked by hand: an envelope exactly as Redress writes it.
 * Anything this does not accept goes through the zod schema, which either
 * accepts it too or says precisely what is wrong. It never accepts what zod would
 * refuse, so the fast path only saves time (zod's strict object check is most of
 * a read's cost otherwise).
 *
 * Each field is read once: events come in several key orders (as written, or
 * canonical), and every read of a field is a lookup over those shapes.
 */
const writtenByRedress = (raw: unknown): boolean => {
  if (typeof raw !== 'object' || raw === null) return false;
  const e = raw as Record<string, unknown>;
  const { id, streamId, version, type, schemaVersion, actor, occurredAt, correlationId, causationId, commandId, prevHash, hash, position } = e;
  if (!(text(id) && text(streamId) && positiveInt(version) && typeof type === 'string' && positiveInt(schemaVersion) && 'data' in e)) return false;
  if (typeof actor !== 'object' || actor === null) return false;
  const { id: actorId, role, department } = actor as Record<string, unknown>;
  const validActor =
    text(actorId) &&
    isId(actorId) &&
    typeof role === 'string' &&
    role.length <= 64 &&
    isSlug(role) &&
    (department === undefined || (typeof department === 'string' && department.length <= 64 && isSlug(department)));
  if (!validActor || !onlyActorKeys(actor)) return false;
  if (!isoMoment(occurredAt)) return false;
  if (!(text(correlationId) && optionalText(causationId) && optionalText(commandId))) return false;
  if (prevHash !== lastHash && !(typeof prevHash === 'string' && isHex64(prevHash))) return false;
  return typeof hash === 'string' && isHex64(hash) && positiveInt(position) && onlyEnvelopeKeys(e);
};


/** What reading needs to know of each event type. */
interface TypeInfo {
  readonly current: number;
  readonly schema: z.ZodType;
  readonly fast: Accepts | undefined;
}
const TYPES: ReadonlyMap<string, TypeInfo> = new Map(
  EVENT_TYPES.map((type) => [type, { current: CURRENT_SCHEMA_VERSION[type], schema: eventDataSchemas[type], fast: fastCheck(eventDataSchemas[type]) }]),
);

/** The fast data check of `type`, if its schema is simple enough for one (for the tests). */
export const fastDataCheck = (type: EventType): Accepts | undefined => TYPES.get(type)?.fast;

/** How an error names the event; built only when there is an error. */
const where = (e: { streamId: string; version: number }) => `event ${e.streamId} v${e.version}`;

const describe = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');

/** zod's verdict on an event's data: its output, or TAMPERED saying what is wrong. */
const checkData = (e: { streamId: string; version: number; type: string }, schema: z.ZodType, data: unknown): unknown => {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new RedressError('TAMPERED', `Stored ${where(e)} (${e.type}) fails its schema: ${describe(parsed.error)}`, {
      streamId: e.streamId,
      version: e.version,
      issues: parsed.error.issues,
    });
  }
  return parsed.data;
};

/**
 * Check a row read back from a store against the envelope and the data schema,
 * lifting old schema versions through `upcasters`. A row that fails is reported
 * as `TAMPERED`: the log does not hold what Redress wrote. An event that needed
 * no lifting is returned as given (not copied: its data is kept exactly as stored,
 * which the hash covers).
 *
 * @example
 * const event = parseStoredEvent(JSON.parse(row.body));
 */
export const parseStoredEvent = (raw: unknown, upcasters?: Upcasters): StoredEvent => {
  let e: z.output<typeof envelopeSchema>;
  if (writtenByRedress(raw)) e = raw as z.output<typeof envelopeSchema>;
  else {
    const envelope = envelopeSchema.safeParse(raw);
    if (!envelope.success) {
      throw new RedressError('TAMPERED', `A stored event does not have the shape of a Redress event: ${describe(envelope.error)}`, {
        issues: envelope.error.issues,
      });
    }
    e = envelope.data;
  }
  // Either way its hash has passed the hex check.
  lastHash = e.hash;
  const info = TYPES.get(e.type);
  if (info === undefined) {
    throw new RedressError('TAMPERED', `Stored ${where(e)} has unknown type "${e.type}"; is the store written by a newer Redress?`, {
      streamId: e.streamId,
      version: e.version,
    });
  }
  const { current } = info;
  if (e.schemaVersion > current) {
    throw new RedressError(
      'TAMPERED',
      `Stored ${where(e)} has schema version ${e.schemaVersion}, newer than this Redress knows (${current}); upgrade @redress/core`,
      { streamId: e.streamId, version: e.version },
    );
  }
  if (e.schemaVersion === current) {
    if (info.fast?.(e.data) !== true) checkData(e, info.schema, e.data);
    // The data exactly as stored (the hash covers it): checked, not replaced by zod's output.
    return e as StoredEvent;
  }
  let data = e.data;
  for (let v = e.schemaVersion; v < current; v++) {
    const lift = upcasters?.[e.type as EventType]?.[v];
    if (lift === undefined) {
      throw new RedressError('TAMPERED', `Stored ${where(e)} has schema version ${v} and no upcaster lifts ${e.type} from it`, {
        streamId: e.streamId,
        version: e.version,
      });
    }
    data = lift(data);
  }
  // Lifted data is the schema's output, in a copy of the envelope.
  return { ...e, data: checkData(e, info.schema, data) } as StoredEvent;
};
