import { RedressError, isRedressError, parseStoredEvent, type StoredEvent, type Upcasters } from '@redress/core';

/** An `events` row as the read queries select it. */
export interface EventRow {
  readonly position: number;
  readonly stream_id: string;
  readonly version: number;
  readonly body: string;
}

const tampered = (row: EventRow, why: string, cause?: unknown) =>
  new RedressError(
    'TAMPERED',
    `Stored event ${row.stream_id} v${row.version} (position ${row.position}) ${why}; the file does not hold what Redress wrote, restore it from a backup`,
    { streamId: row.stream_id, version: row.version, position: row.position },
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
    raw = JSON.parse(row.body);
  } catch (error) {
    throw tampered(row, 'is not valid JSON', error);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw tampered(row, 'is not a JSON object');
  const claimed = raw as { streamId?: unknown; version?: unknown };
  if (claimed.streamId !== row.stream_id || claimed.version !== row.version) {
    throw tampered(row, `says it is ${String(claimed.streamId)} v${String(claimed.version)}`);
  }
  (raw as { position: number }).position = row.position;
  try {
    return parseStoredEvent(raw, upcasters);
  } catch (error) {
    if (!isRedressError(error)) throw error;
    throw tampered(row, `fails its check: ${error.message}`, error);
  }
};
