import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@fast-check/vitest';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, expect } from 'vitest';
import { sqliteStore } from '@redress/store-sqlite';
import { rangeBoundaries, rangeRows } from './sqliteRanges';

const dir = mkdtempSync(join(tmpdir(), 'redress-ranges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

interface Row {
  readonly position: number;
  readonly stream_id: unknown;
  readonly body: string;
}

/**
 * A real store file whose events table holds these streams (bodies are placeholders:
 * ranges never read them), written past the store's triggers, which would refuse them.
 */
const fileWith = async (streams: readonly { id: string | number; events: number }[]) => {
  const path = join(dir, `ranges-${files++}.db`);
  await sqliteStore({ path }).close();
  const db = new Database(path);
  db.exec('DROP TRIGGER events_insert_agrees; DROP TRIGGER events_update_agrees');
  const put = db.prepare('INSERT INTO events (stream_id, version, event_id, type, body) VALUES (?, ?, ?, ?, ?)');
  let n = 0;
  // Interleaved, as concurrent writers leave them: ranges must still hand out whole streams.
  for (let v = 1; streams.some((s) => s.events >= v); v++) {
    for (const s of streams) if (s.events >= v) put.run(s.id, v, `E-${n++}`, 'NoteAdded', '{}');
  }
  return db;
};

// Stream ids as written (text of any kind) and as a damaged file might hold them (numbers).
const streamId = fc.oneof(
  { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 6, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.integer() },
);

test.prop(
  [
    fc.uniqueArray(fc.record({ id: streamId, events: fc.integer({ min: 1, max: 4 }) }), {
      selector: (s) => s.id,
      maxLength: 60,
    }),
    fc.integer({ min: 1, max: 6 }),
  ],
  { numRuns: 60 },
)(
  'the ranges of a SQLite log hand out every row exactly once, each stream whole and in version order',
  async (streams, threads) => {
    const db = await fileWith(streams);
    try {
      const boundaries = rangeBoundaries(db, threads);
      const rows = rangeRows(db, boundaries);
      const seen: Row[] = [];
      const streamsSeen = new Set<unknown>();
      for (let i = 0; i <= boundaries.length; i++) {
        let last: unknown = Symbol('none');
        for (const [position, stream_id, body] of rows(i)) {
          const row: Row = { position, stream_id, body };
          if (row.stream_id !== last) {
            // A stream never continues in a later range.
            expect(streamsSeen.has(row.stream_id)).toBe(false);
            streamsSeen.add(row.stream_id);
            last = row.stream_id;
          }
          seen.push(row);
        }
      }
      const all = db.prepare('SELECT position, stream_id, body FROM events ORDER BY stream_id, version').all() as Row[];
      expect(seen).toEqual(all);
      if (streams.length > 1 && threads > 1) expect(boundaries.length).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  },
);
