import {
  RedressError,
  canonicalJson,
  type AppendOptions,
  type AppendResult,
  type OutboxMessage,
  type RecordedEvent,
} from '@redress/core';
import { checkAppendArgs, versionConflict } from '@redress/core/store-kit';
import type Database from 'better-sqlite3';
import type { SqliteTree } from '../merkle/sqliteTree';

const constraintOf = (error: unknown): string | undefined => {
  const e = error as { code?: unknown; message?: unknown };
  return typeof e.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT') ? String(e.message) : undefined;
};

const json = (
  value: unknown,
  what: string,
  encode: (value: unknown) => string | undefined = JSON.stringify,
): string => {
  try {
    const text = encode(value);
    if (text !== undefined) return text;
  } catch (error) {
    throw new RedressError('VALIDATION', `${what} cannot be stored as JSON: ${(error as Error).message}`, undefined, {
      cause: error,
    });
  }
  throw new RedressError('VALIDATION', `${what} cannot be stored as JSON`);
};

const NOT_STORED: ReadonlySet<string> = new Set(['position']);
const storedForm = (event: unknown) => canonicalJson(event, NOT_STORED);

const isoTime = (value: string, what: string): string => {
  const t = new Date(value);
  if (Number.isNaN(t.getTime()))
    throw new RedressError('VALIDATION', `${what} must be an ISO date-time, got "${value}"`);
  return t.toISOString();
};

/** One event as the append writes it: its row's columns and the hash its tree leaf is made of. */
export type EventRow = readonly [version: number, eventId: string, type: string, body: string, hash: string];

/**
 * An append checked and serialized, ready for the write lock: plain strings and
 * numbers, so it can be handed to the writer thread as it is.
 */
export interface PreparedAppend {
  readonly streamId: string;
  readonly expectedVersion: number;
  readonly events: readonly EventRow[];
  /** Each outbox row's columns: id, stream, event, channel, payload, available_at, created_at. */
  readonly outbox: readonly (readonly string[])[];
}

/**
 * Check an append's arguments and serialize its events and outbox rows, before
 * any lock is taken: bad input fails here without touching the file. Bodies
 * are canonical JSON, so verifying a hash needs only the stored text
 * (hashOfStoredText).
 */
export const prepareAppend = (
  streamId: string,
  events: readonly RecordedEvent[],
  options: AppendOptions,
): PreparedAppend => {
  checkAppendArgs(streamId, events, options.expectedVersion);
  const rows = events.map(
    (e, i) => [e.version, e.id, e.type, json(e, `Event ${i} (${e.type})`, storedForm), e.hash] as const,
  );
  const now = new Date().toISOString();
  const outbox = (options.outbox ?? []).map((m: OutboxMessage) => [
    m.id,
    m.streamId,
    m.eventId,
    m.channel,
    json(m.payload, `The payload of outbox message ${m.id}`),
    m.availableAt === undefined ? now : isoTime(m.availableAt, `availableAt of outbox message ${m.id}`),
    now,
  ]);
  return { streamId, expectedVersion: options.expectedVersion, events: rows, outbox };
};

/**
 * The writing half of `append`, inside a transaction the caller holds (its own
 * IMMEDIATE one, or a savepoint of a group commit): check the stream's version,
 * insert the events (each with its part of the Merkle tree) and the outbox rows.
 * UNIQUE(stream_id, version) backs the version check, so even a writer that
 * skipped it could not fork a stream. `tree` is null only where the appends
 * without the tree are measured. What the tree computed is remembered at once;
 * a caller whose transaction then fails to commit must `forget` it.
 */
export const appendRows = (db: Database.Database, tree: Pick<SqliteTree, 'plan' | 'committed'> | null) => {
  const currentVersion = db
    .prepare<[string], number>('SELECT version FROM events WHERE stream_id = ? ORDER BY version DESC LIMIT 1')
    .pluck();
  const insertEvent = db.prepare(
    'INSERT INTO events (stream_id, version, event_id, type, body) VALUES (?, ?, ?, ?, ?)',
  );
  // With the tree: the position the tree planned (null lets SQLite give it, when the tree is behind) and the row's part of the tree.
  const insertWithTree = db.prepare(
    'INSERT INTO events (position, stream_id, version, event_id, type, body, tree) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertOutbox = db.prepare(
    "INSERT INTO outbox (id, stream_id, event_id, channel, payload, status, available_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)",
  );

  const write = ({ streamId, expectedVersion: expected, events, outbox }: PreparedAppend): AppendResult => {
    const current = currentVersion.get(streamId) ?? 0;
    if (current !== expected) throw versionConflict(streamId, expected, current);
    const plan = tree?.plan(events.map((e) => e[4])) ?? null;
    const positions = events.map(([version, id, type, body], i) =>
      Number(
        (tree === null
          ? insertEvent.run(streamId, version, id, type, body)
          : insertWithTree.run(
              plan === null ? null : plan.first + i,
              streamId,
              version,
              id,
              type,
              body,
              plan?.trees[i] ?? null,
            )
        ).lastInsertRowid,
      ),
    );
    for (const row of outbox) {
      try {
        insertOutbox.run(...row);
      } catch (error) {
        if (constraintOf(error)?.includes('outbox.id')) {
          throw new RedressError('CONFLICT', `Outbox message ${row[0]} already exists; give each message its own id`, {
            outboxId: row[0] as string,
          });
        }
        throw error;
      }
    }
    if (plan !== null) tree?.committed(plan);
    return { version: expected + events.length, positions };
  };

  return (prepared: PreparedAppend): AppendResult => {
    try {
      return write(prepared);
    } catch (error) {
      if (constraintOf(error)?.includes('events.stream_id')) {
        throw versionConflict(prepared.streamId, prepared.expectedVersion, currentVersion.get(prepared.streamId) ?? 0);
      }
      throw error;
    }
  };
};

/**
 * `append` in one IMMEDIATE transaction of its own, on this thread: what the
 * inline writer does, and what the benchmarks of the bare append measure.
 */
export const eventAppender = (db: Database.Database, tree: SqliteTree | null) => {
  const rows = appendRows(db, tree);
  const write = db.transaction(rows);
  return (streamId: string, events: readonly RecordedEvent[], options: AppendOptions): AppendResult => {
    const prepared = prepareAppend(streamId, events, options);
    try {
      return write.immediate(prepared);
    } catch (error) {
      tree?.forget();
      throw error;
    }
  };
};
