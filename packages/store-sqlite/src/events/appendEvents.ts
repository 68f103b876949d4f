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

/**
 * `append` in one IMMEDIATE transaction: take the write lock, check the stream's
 * version, insert the events (each with its part of the Merkle tree) and the
 * outbox rows, commit. UNIQUE(stream_id, version) backs the version check, so even a
 * writer that skipped it could not fork a stream. `tree` is null only where the
 * appends without the tree are measured.
 */
export const eventAppender = (db: Database.Database, tree: Pick<SqliteTree, 'plan' | 'committed'> | null) => {
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

  const write = db.transaction(
    (
      streamId: string,
      bodies: readonly (readonly [RecordedEvent, string])[],
      expected: number,
      outbox: readonly OutboxMessage[],
      rows: readonly string[][],
    ) => {
      const current = currentVersion.get(streamId) ?? 0;
      if (current !== expected) throw versionConflict(streamId, expected, current);
      const plan = tree?.plan(bodies.map(([e]) => e.hash)) ?? null;
      const positions = bodies.map(([e, body], i) =>
        Number(
          (tree === null
            ? insertEvent.run(streamId, e.version, e.id, e.type, body)
            : insertWithTree.run(
                plan === null ? null : plan.first + i,
                streamId,
                e.version,
                e.id,
                e.type,
                body,
                plan?.trees[i] ?? null,
              )
          ).lastInsertRowid,
        ),
      );
      outbox.forEach((m, i) => {
        try {
          insertOutbox.run(...(rows[i] as string[]));
        } catch (error) {
          if (constraintOf(error)?.includes('outbox.id')) {
            throw new RedressError('CONFLICT', `Outbox message ${m.id} already exists; give each message its own id`, {
              outboxId: m.id,
            });
          }
          throw error;
        }
      });
      return { result: { version: expected + bodies.length, positions }, plan };
    },
  );

  return (streamId: string, events: readonly RecordedEvent[], options: AppendOptions): AppendResult => {
    checkAppendArgs(streamId, events, options.expectedVersion);
    // Serialize before taking the write lock: bad input fails without touching the file.
    // Bodies are canonical JSON, so verifying a hash needs only the stored text (hashOfStoredText).
    const bodies = events.map((e, i) => [e, json(e, `Event ${i} (${e.type})`, storedForm)] as const);
    const now = new Date().toISOString();
    const outbox = options.outbox ?? [];
    const rows = outbox.map((m) => [
      m.id,
      m.streamId,
      m.eventId,
      m.channel,
      json(m.payload, `The payload of outbox message ${m.id}`),
      m.availableAt === undefined ? now : isoTime(m.availableAt, `availableAt of outbox message ${m.id}`),
      now,
    ]);
    try {
      const { result, plan } = write.immediate(streamId, bodies, options.expectedVersion, outbox, rows);
      // Committed: the tree it added is the file's now.
      if (plan !== null) tree?.committed(plan);
      return result;
    } catch (error) {
      if (constraintOf(error)?.includes('events.stream_id')) {
        throw versionConflict(streamId, options.expectedVersion, currentVersion.get(streamId) ?? 0);
      }
      throw error;
    }
  };
};
