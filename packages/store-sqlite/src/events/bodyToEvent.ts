import { RedressError, isRedressError, parseStoredEvent, type StoredEvent, type Upcasters } from '@redress/core';

/**
 * An `events` row as `readAll` selects it: `position, stream_id, version, body`,
 * as an array (better-sqlite3's raw mode), which costs the driver about a
 * microsecond less per row than an object with named keys.
 */
export type EventRow = readonly [position: number, streamId: string, version: number, body: string];

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

/**
 * Turn a row's body back into an event: parse its JSON, check it sits where its
 * row says (position, stream and version), and check it against the envelope and
 * data schemas (core's `parseStoredEvent`). Anything wrong is `TAMPERED`, naming
 * stream and version.
 */
export const bodyToEvent = (position: number, streamId: string, version: number, body: string, upcasters: Upcasters | undefined): StoredEvent => {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (error) {
    throw tampered(position, streamId, version, 'is not valid JSON', error);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw tampered(position, streamId, version, 'is not a JSON object');
  const claimed = raw as { streamId?: unknown; version?: unknown };
  if (claimed.streamId !== streamId || claimed.version !== version) {
    throw tampered(position, streamId, version, `says it is ${String(claimed.streamId)} v${String(claimed.version)}`);
  }
  (raw as { position: number }).position = position;
  try {
    return parseStoredEvent(raw, upcasters);
  } catch (error) {
    if (!isRedressError(error)) throw error;
    throw tampered(position, streamId, version, `fails its check: ${error.message}`, error);
  }
};
