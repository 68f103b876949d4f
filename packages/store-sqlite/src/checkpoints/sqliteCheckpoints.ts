import { RedressError, type Checkpoints } from '@redress/core';
import type Database from 'better-sqlite3';

/**
 * Subscriber checkpoints on the `checkpoints` table.
 */
export const sqliteCheckpoints = (db: Database.Database): Checkpoints => {
  const read = db.prepare<[string], number>('SELECT position FROM checkpoints WHERE name = ?').pluck();
  const write = db.prepare(
    'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
  );
  return {
    async get(name) {
      return read.get(name) ?? null;
    },
    async set(name, position) {
      if (!Number.isInteger(position) || position < 0) {
        throw new RedressError('VALIDATION', `Checkpoint position must be a whole number ≥ 0, got ${String(position)}`);
      }
      write.run(name, position);
    },
  };
};
