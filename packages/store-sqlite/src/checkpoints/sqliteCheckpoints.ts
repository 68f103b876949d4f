import { RedressError } from '@redress/core';
import type Database from 'better-sqlite3';

/** A subscriber checkpoint's position, checked before it is written. */
export const checkpointPosition = (position: number): number => {
  if (!Number.isInteger(position) || position < 0) {
    throw new RedressError('VALIDATION', `Checkpoint position must be a whole number ≥ 0, got ${String(position)}`);
  }
  return position;
};

/** Subscriber checkpoints on the `checkpoints` table: the read, on the store's own connection. */
export const checkpointReads = (db: Database.Database) => {
  const read = db.prepare<[string], number>('SELECT position FROM checkpoints WHERE name = ?').pluck();
  return { get: (name: string): number | null => read.get(name) ?? null };
};

/** Subscriber checkpoints on the `checkpoints` table: the write, inside a transaction the caller holds. */
export const checkpointWrites = (db: Database.Database) => {
  const write = db.prepare(
    'INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
  );
  return {
    setCheckpoint: (name: string, position: number): void => {
      write.run(name, position);
    },
  };
};
