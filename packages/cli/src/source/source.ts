import type { EventStore, OutboxRecord } from '@redress/core';

/** One stored event as its bytes say, before any parsing beyond JSON. */
export interface RawEvent {
  /** The parsed JSON object (with its store position), or `undefined` when the record is not JSON. */
  readonly value: unknown;
  /** Where it sits: "line 12" in a file, "position 40" in a store. */
  readonly where: string;
  /** Set when the record could not be read as JSON. */
  readonly corrupt?: string;
}

/** A stream's records in version order, as stored. */
export interface RawStream {
  readonly streamId: string;
  readonly events: readonly RawEvent[];
}

/** Where the CLI reads a log from: a SQLite file, a PostgreSQL schema or an NDJSON export. */
export interface Source {
  readonly kind: 'sqlite' | 'postgres' | 'ndjson';
  /** A short, password-free name for messages. */
  readonly label: string;
  /** How many events there are, when cheap to know (for progress bars). */
  count(): Promise<number | undefined>;
  /** Every stream (or one), each with its records in version order. */
  streams(filter?: { streamId?: string }): AsyncIterable<RawStream>;
  /** Outbox rows of a complaint, or `undefined` when the source has no outbox (an export). */
  outbox(streamId: string): Promise<readonly OutboxRecord[] | undefined>;
  /** The store behind the source, to write into (import). NDJSON has none. */
  store(): EventStore | undefined;
  close(): Promise<void>;
}

/** Parse one stored record's JSON text, keeping the failure instead of throwing. */
export const rawFrom = (text: string, where: string, position?: number): RawEvent => {
  try {
    const value: unknown = JSON.parse(text);
    if (position !== undefined && typeof value === 'object' && value !== null) (value as { position: number }).position = position;
    return { value, where };
  } catch (error) {
    return { value: undefined, where, corrupt: `is not valid JSON (${(error as Error).message})` };
  }
};
