import { RedressError, isRedressError, parseStoredEvent, type StoredEvent, type Upcasters } from '@redress/core';

/**
 * An `events` row as the read queries select it: `position, stream_id, version,
 * body`, as an array (better-sqlite3's raw mode), which costs the driver about a
 * microsecond less per row than an object with named keys.
 */
export type EventRow = readonly [position: number, streamId: string, version: number, body: string];

const tampered = ([position, streamId, version]: EventRow, why: string, cause?: unknown) =>
  new RedressError(
    'TAMPERED',
    `Stored event ${streamId} v${version} (position ${position}) ${why}; the file does not hold what Redress wrote, restore it from a backup`,
    { streamId, version, position },
    { cause },
  );

/**
 * Turn a row back into an event: parse its JSON, check it sits where its row
 * says, and check it against the envelope and data schemas (core's
 * `parseStoredEvent`). Anything wrong is `TAMPERED`, naming stream and version.
 */
export const rowToEvent = (row: EventRow, upcasters: Upcasters | undefined): StoredEvent => {
  let raw: unknown;
  try {
    raw = JSON.parse(row[3]);
  } catch (error) {
    throw tampered(row, 'is not valid JSON', error);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw tampered(row, 'is not a JSON object');
  const claimed = raw as { streamId?: unknown; version?: unknown };
  if (claimed.streamId !== row[1] || claimed.version !== row[2]) {
    throw tampered(row, `says it is ${String(claimed.streamId)} v${String(claimed.version)}`);
  }
  (raw as { position: number }).position = row[0];
  try {
    return parseStoredEvent(raw, upcasters);
  } catch (error) {
    if (!isRedressError(error)) throw error;
    throw tampered(row, `fails its check: ${error.message}`, error);
  }
};
