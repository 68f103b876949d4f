import { RedressError, isRedressError, type StoredEvent } from '@redress/core';
import type { EventParser } from '@redress/core/store-kit';

/**
 * An `events` row as `readAll` selects it where the file's guard triggers did not
 * hold when it was written: `position, stream_id, version, body`, as an array
 * (better-sqlite3's raw mode), which costs the driver about a microsecond less
 * per row than an object with named keys.
 */
export type EventRow = readonly [position: number, streamId: string, version: number, body: string];

/**
 * A row as `readAll` selects it where the guard triggers held: `position, body`.
 * Each column costs the driver as much as a tenth of the event's check.
 */
export type GuardedRow = readonly [position: number, body: string];

/**
 * A row as `readStream` selects it: `position, version, body`. Its stream is the
 * one the query asked for (`stream_id = ?` matches only that text), so the
 * column is not read again: each column costs the driver as much as a tenth of
 * the event's check.
 */
export type StreamRow = readonly [position: number, version: number, body: string];

/** The error for a row that does not hold what Redress wrote, naming where it sits. */
const tampered = (position: number, streamId: string, version: number, why: string, cause?: unknown) =>
  new RedressError(
    'TAMPERED',
    `Stored event ${streamId} v${version} (position ${position}) ${why}; the file does not hold what Redress wrote, restore it from a backup`,
    { streamId, version, position },
    { cause },
  );

/** What is wrong with a body, before the error names where the body sits. */
class BodyFault {
  constructor(
    readonly why: string,
    readonly cause?: unknown,
  ) {}
}

/** A body's JSON, which must be an object. */
const objectOf = (body: string): Record<string, unknown> => {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (error) {
    throw new BodyFault('is not valid JSON', error);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new BodyFault('is not a JSON object');
  return raw as Record<string, unknown>;
};

/** A parsed body with its position, checked against the envelope and data schemas (core's event parser). */
const eventOf = (raw: Record<string, unknown>, position: number, parser: EventParser): StoredEvent => {
  raw.position = position;
  try {
    return parser.parse(raw);
  } catch (error) {
    if (!isRedressError(error)) throw error;
    throw new BodyFault(`fails its check: ${error.message}`, error);
  }
};

/**
 * Turn a row's body back into an event: parse its JSON, check it sits where its
 * row says (position, stream and version), and check it against the envelope and
 * data schemas. Anything wrong is `TAMPERED`, naming stream and version.
 */
export const bodyToEvent = (position: number, streamId: string, version: number, body: string, parser: EventParser): StoredEvent => {
  try {
    const raw = objectOf(body);
    if (raw.streamId !== streamId || raw.version !== version) throw new BodyFault(`says it is ${String(raw.streamId)} v${String(raw.version)}`);
    return eventOf(raw, position, parser);
  } catch (error) {
    throw error instanceof BodyFault ? tampered(position, streamId, version, error.why, error.cause) : error;
  }
};

/** Where the row at a position says its event sits: read only to name a failure. */
export type PlaceOf = (position: number) => { readonly streamId: string; readonly version: number };

/**
 * {@link bodyToEvent} for a row written under the guard triggers (see
 * `GUARD_TRIGGERS`), whose body the file keeps in agreement with its stream and
 * version: those columns are not read, nor compared. A failure still names them,
 * from `placeOf`.
 */
export const guardedBodyToEvent = (position: number, body: string, parser: EventParser, placeOf: PlaceOf): StoredEvent => {
  try {
    return eventOf(objectOf(body), position, parser);
  } catch (error) {
    if (!(error instanceof BodyFault)) throw error;
    const { streamId, version } = placeOf(position);
    throw tampered(position, streamId, version, error.why, error.cause);
  }
};
