import { envelopeSchema, type StoredEnvelope } from '../../domain/envelopeSchema';
import { isoMoment } from './isoMoment';

const ENVELOPE_KEYS: readonly string[] = Object.keys(envelopeSchema.shape);
const ENVELOPE_SIZE = ENVELOPE_KEYS.length;

/**
 * One of `envelopeSchema`'s keys (the test holds the two lists together). A switch
 * over the key names costs a third of a `Set` lookup, and every key of every event
 * read goes through it.
 *
 * @example
 * isEnvelopeKey('streamId'); // true
 * isEnvelopeKey('stream_id'); // false
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
const positiveInt = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const optionalText = (v: unknown) => v === null || text(v);

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
const HEX = new Uint8Array(128);
for (const c of '0123456789abcdef') HEX[c.charCodeAt(0)] = 1;
/**
 * `hex64`'s rule, `/^[0-9a-f]{64}$/`, by a table: two of them run for every
 * event read across complaints (its hash, and its prevHash, which is not the
 * hash just checked), and the loop takes some 0.1 µs a hash where a regular
 * expression's scan for a character outside the class (`/[^0-9a-f]/`) took 0.24.
 */
const isHex64 = (v: string): boolean => {
  if (v.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = v.charCodeAt(i);
    if (c > 127 || HEX[c] === 0) return false;
  }
  return true;
};
/** `idSchema`'s rule: starts with a letter or digit, then letters, digits and `_.:@-`. */
const isId = (v: string) => shaped(v, ID_START, ID_REST);
/** `slugSchema`'s rule: lower-case letters, digits and `-`, not starting with `-`. */
const isSlug = (v: string) => shaped(v, SLUG_START, SLUG_REST);
/** No keys but the actor's (as zod's strict object finds unknown keys: by `for…in`). */
const onlyActorKeys = (actor: object) => {
  for (const key in actor) if (key !== 'id' && key !== 'role' && key !== 'department') return false;
  return true;
};

const validActor = (actor: unknown): boolean => {
  if (typeof actor !== 'object' || actor === null) return false;
  const { id, role, department } = actor as Record<string, unknown>;
  return (
    text(id) &&
    isId(id) &&
    typeof role === 'string' &&
    role.length <= 64 &&
    isSlug(role) &&
    (department === undefined || (typeof department === 'string' && department.length <= 64 && isSlug(department))) &&
    onlyActorKeys(actor)
  );
};

/** The fast envelope check of one reader, with what it remembers of the envelopes before. */
export interface EnvelopeCheck {
  /**
   * True only for an envelope `envelopeSchema` accepts exactly as it is; false
   * means "ask zod", which accepts it too or says precisely what is wrong.
   */
  accepts(raw: unknown): raw is StoredEnvelope;
  /** An envelope zod accepted: its hash is the one the next event's `prevHash` should be. */
  follows(hash: string): void;
}

/**
 * The common case, checked by hand: an envelope exactly as Redress writes it. It
 * never accepts what zod would refuse, so it only saves time: 0.38 against zod's
 * 1.96 µs an envelope, about a quarter of a read that checks hashes (some 6.5 µs
 * an event; `pnpm bench replayChecked`, `read.fastEnvelope.share.*`). It reads
 * nothing of zod but the schema's key list. Each reader makes its own: it
 * remembers the last envelope's key order and hash, which the next envelope of
 * the same read most likely shares.
 *
 * @example
 * const check = envelopeCheck();
 * const envelope = check.accepts(raw) ? raw : envelopeSchema.parse(raw);
 */
export const envelopeCheck = (): EnvelopeCheck => {
  // The keys, in order, of the last envelope that had exactly the envelope's keys.
  // Events of one store come in one key order, so most envelopes are checked by
  // comparing each key to the one in the same place: names from JSON.parse and
  // for…in are interned, and two interned names are the same name only if they
  // are the same string. It starts as the schema's own order: any list of the
  // envelope's keys, each once, will do.
  let lastKeys: readonly string[] = ENVELOPE_KEYS;
  // The hash of the last event accepted. Read in order, an event's prevHash is the
  // hash of the event before it: equal to a string already checked, it needs no
  // second hex check (still the most costly single test). It starts as the
  // genesis hash, itself a valid one.
  let lastHash = '0'.repeat(64);

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

  // Each field is read once: events come in several key orders (as written, or
  // canonical), and every read of a field is a lookup over those shapes.
  const accepts = (raw: unknown): raw is StoredEnvelope => {
    if (typeof raw !== 'object' || raw === null) return false;
    const e = raw as Record<string, unknown>;
    const {
      id,
      streamId,
      version,
      type,
      schemaVersion,
      actor,
      occurredAt,
      correlationId,
      causationId,
      commandId,
      prevHash,
      hash,
      position,
    } = e;
    if (
      !(
        text(id) &&
        text(streamId) &&
        positiveInt(version) &&
        typeof type === 'string' &&
        positiveInt(schemaVersion) &&
        'data' in e
      )
    )
      return false;
    if (!validActor(actor) || !isoMoment(occurredAt)) return false;
    if (!(text(correlationId) && optionalText(causationId) && optionalText(commandId))) return false;
    if (prevHash !== lastHash && !(typeof prevHash === 'string' && isHex64(prevHash))) return false;
    if (!(typeof hash === 'string' && isHex64(hash) && positiveInt(position) && onlyEnvelopeKeys(e))) return false;
    lastHash = hash;
    return true;
  };

  return {
    accepts,
    follows(hash) {
      lastHash = hash;
    },
  };
};
