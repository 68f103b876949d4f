import type { CheckpointTable, PublishedCheckpoint } from '@redress/core';
import type { Pool } from 'pg';
import { guarded, RETRY_LATER } from '../errors/pgErrors';
import { tableOnFirstUse } from '../schema/tableOnFirstUse';

/**
 * The table of signed checkpoints in quoted schema `s`, keyed by
 * `(origin, size)`: of two app instances claiming one size, the primary key
 * lets one row in and the other reads it back, so two different trees of one
 * size can never both be claimed. Made when first used, under the schema's DDL
 * lock (two `CREATE TABLE IF NOT EXISTS` at once can collide in PostgreSQL's
 * catalog): additive, so schemas of earlier releases get it as they are.
 *
 * @example
 * await pool.query(checkpointNotesDdl('"redress"'));
 */
export const checkpointNotesDdl = (s: string) => `CREATE TABLE IF NOT EXISTS ${s}.checkpoint_notes (
  origin     text        NOT NULL,
  size       bigint      NOT NULL,
  root_hash  text        NOT NULL,
  note       text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (origin, size)
)`;

type Row = { origin: string; size: string; root_hash: string; note: string };
const entryOf = (r: Row): PublishedCheckpoint => ({
  origin: r.origin,
  size: Number(r.size),
  rootHash: r.root_hash,
  note: r.note,
});

/**
 * The store's `checkpointNotes` on `pool`, in quoted schema `s` (`schema` as named, for the lock).
 *
 * @example
 * const notes = pgCheckpointNotes(pool, '"redress"', 'redress', ready);
 */
export const pgCheckpointNotes = (
  pool: Pool,
  s: string,
  schema: string,
  ready: () => Promise<void>,
): CheckpointTable => {
  const table = tableOnFirstUse(pool, schema, ready, 'the checkpoint table', checkpointNotesDdl(s));
  const query = async (doing: string, text: string, values: unknown[]) => {
    await table();
    return guarded(doing, RETRY_LATER, () => pool.query<Row>(text, values));
  };
  const COLUMNS = 'origin, size, root_hash, note';
  return {
    async claim(entry) {
      // One statement: the insert, or, when another signer's row holds that size, that row.
      const { rows } = await query(
        `claiming checkpoint ${entry.size}`,
        `WITH ins AS (
           INSERT INTO ${s}.checkpoint_notes (origin, size, root_hash, note) VALUES ($1, $2, $3, $4)
           ON CONFLICT (origin, size) DO NOTHING RETURNING ${COLUMNS})
         SELECT ${COLUMNS} FROM ins
         UNION ALL SELECT ${COLUMNS} FROM ${s}.checkpoint_notes WHERE origin = $1 AND size = $2 AND NOT EXISTS (SELECT 1 FROM ins)`,
        [entry.origin, entry.size, entry.rootHash, entry.note],
      );
      if (rows[0] !== undefined) return entryOf(rows[0]);
      // The other signer's insert was not yet visible to this statement's snapshot: read it now that it has committed.
      const again = await query(
        `reading checkpoint ${entry.size}`,
        `SELECT ${COLUMNS} FROM ${s}.checkpoint_notes WHERE origin = $1 AND size = $2`,
        [entry.origin, entry.size],
      );
      return entryOf(again.rows[0] as Row);
    },
    async cosigned(origin, size, note) {
      await query(
        `keeping cosignatures of checkpoint ${size}`,
        `UPDATE ${s}.checkpoint_notes SET note = $3 WHERE origin = $1 AND size = $2`,
        [origin, size, note],
      );
    },
    async latest(origin) {
      const { rows } = await query(
        'reading the latest checkpoint',
        `SELECT ${COLUMNS} FROM ${s}.checkpoint_notes WHERE origin = $1 ORDER BY size DESC LIMIT 1`,
        [origin],
      );
      return rows[0] === undefined ? undefined : entryOf(rows[0]);
    },
    async list(origin) {
      const { rows } = await query(
        'reading checkpoints',
        `SELECT ${COLUMNS} FROM ${s}.checkpoint_notes WHERE origin = $1 ORDER BY size`,
        [origin],
      );
      return rows.map(entryOf);
    },
  };
};
