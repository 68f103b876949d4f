import { hashOnRead } from '../../audit/chainCheck';
import type { StoredEvent } from '../../domain/envelope';
import { RedressError, isRedressError } from '../../errors/redressError';
import { eventParser } from './eventParser';
import type { Upcasters } from './upcast';

/** Where a store keeps its events, as its `TAMPERED` errors name it. */
export interface EventRows {
  /** What holds the rows, as the advice names it: `'the file'`, `'the table'`. */
  readonly holder: string;
  /** Said after a row's position, to name the table: `' of "redress".events'`; none for a file of one table. */
  readonly table?: string;
  /** Lifts old schema versions on read. */
  readonly upcasters?: Upcasters | undefined;
}

/** Where the row at a position says its event sits: read only to name a failure. */
export type PlaceOf = (position: number) => { readonly streamId: string; readonly version: number };

/** Turns a store's rows into events: see {@link rowReader}. */
export interface RowReader {
  /** The event of a row: its body must be a JSON event naming the row's stream and version. */
  event(position: number, streamId: string, version: number, body: string): StoredEvent;
  /**
   * The event of a row whose store itself keeps its body in agreement with its
   * stream and version (SQLite's guard triggers): those columns are neither read
   * nor compared. A failure still names them, from `placeOf`.
   */
  trustedEvent(position: number, body: string, placeOf: PlaceOf): StoredEvent;
}

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

/**
 * The one step from a stored row to an event that every store shares: parse the
 * body's JSON, check that it names the stream and version of its row, put the
 * row's position in, and check it against the envelope and data schemas (see
 * `eventParser`). Anything wrong is `TAMPERED`, naming the row's stream, version
 * and position and what is wrong; its details are `{ streamId, version, position }`.
 * Each read makes its own reader, and with it its own parser.
 *
 * @example
 * const rows = rowReader({ holder: 'the file', upcasters });
 * const event = rows.event(row.position, row.stream_id, row.version, row.body);
 * // a body that says it is C-8 v2 in the row of C-7 v2:
 * // TAMPERED "Stored event C-7 v2 (position 2) says it is C-8 v2 but its row is C-7 v2; the file does not hold what Redress wrote, restore it from a backup"
 */
export const rowReader = (rows: EventRows): RowReader => {
  const { holder, table = '' } = rows;
  const parser = eventParser({ upcasters: rows.upcasters });

  const tampered = (position: number, streamId: string, version: number, fault: BodyFault) =>
    new RedressError(
      'TAMPERED',
      `Stored event ${streamId} v${version} (position ${position}${table}) ${fault.why}; ${holder} does not hold what Redress wrote, restore it from a backup`,
      { streamId, version, position },
      { cause: fault.cause },
    );

  /**
   * A parsed body with its position, checked against the envelope and data
   * schemas, and its stored form hashed (see `hashOnRead`): the chain check of
   * the read then needs no encoding of its own.
   */
  const eventOf = (raw: Record<string, unknown>, position: number, body: string): StoredEvent => {
    raw.position = position;
    try {
      const event = parser.parse(raw);
      hashOnRead(body, raw, event);
      return event;
    } catch (error) {
      if (!isRedressError(error)) throw error;
      throw new BodyFault(`fails its check: ${error.message}`, error);
    }
  };

  return {
    event(position, streamId, version, body) {
      try {
        const raw = objectOf(body);
        if (raw.streamId === streamId && raw.version === version) return eventOf(raw, position, body);
        const claims = `says it is ${String(raw.streamId)} v${String(raw.version)} but its row is ${streamId} v${version}`;
        // A body that does not even name a stream and version fails its check, which says more.
        if (typeof raw.streamId !== 'string' || typeof raw.version !== 'number') eventOf(raw, position, body);
        throw new BodyFault(claims);
      } catch (error) {
        throw error instanceof BodyFault ? tampered(position, streamId, version, error) : error;
      }
    },
    trustedEvent(position, body, placeOf) {
      try {
        return eventOf(objectOf(body), position, body);
      } catch (error) {
        if (!(error instanceof BodyFault)) throw error;
        const { streamId, version } = placeOf(position);
        throw tampered(position, streamId, version, error);
      }
    },
  };
};
