import { checkDueArgs, checkReschedules, type DueMoments, type DueReschedule } from '@redress/core';
import type { Pool } from 'pg';
import { guarded, RETRY_LATER } from '../errors/pgErrors';

/** The latest entry of each stream: one statement may not change a row twice. */
const latestEach = (entries: readonly DueReschedule[]): DueReschedule[] => {
  const by = new Map<string, DueReschedule>();
  for (const e of entries) {
    const seen = by.get(e.streamId);
    if (seen === undefined || seen.version <= e.version) by.set(e.streamId, e);
  }
  return [...by.values()];
};

/**
 * The store's `dueMoments` over the table `due_moments` in quoted schema `s`
 * (see `dueMomentsSql`): `due` walks the partial index on (`due_at`,
 * `stream_id`) from a cursor, so a page costs its own rows whatever the table
 * holds; `reschedule` is one upsert for all its entries, which leaves a row
 * written at a later version alone, unless that version is beyond the stream's
 * own (changed by hand), and skips rows that would not change.
 *
 * @example
 * const moments = pgDueMoments(pool, '"redress"', ready);
 * await moments.due(new Date(), { limit: 500 });
 */
export const pgDueMoments = (pool: Pool, s: string, ready: () => Promise<void>): DueMoments => {
  const versionOf = (stream: string) =>
    `(SELECT coalesce(max(version), 0) FROM ${s}.events WHERE stream_id = ${stream})`;
  const dueSql = `SELECT stream_id, due_at FROM ${s}.due_moments
    WHERE due_at IS NOT NULL AND due_at <= $1 AND (due_at, stream_id) > ($2::timestamptz, $3::text)
    ORDER BY due_at, stream_id LIMIT $4`;
  const rescheduleSql = `INSERT INTO ${s}.due_moments AS d (stream_id, due_at, version)
    SELECT r.id, r.due, r.v FROM unnest($1::text[], $2::timestamptz[], $3::int[]) AS r(id, due, v)
    WHERE r.v <= ${versionOf('r.id')}
    ON CONFLICT (stream_id) DO UPDATE SET due_at = excluded.due_at, version = excluded.version
    WHERE (d.version <= excluded.version OR d.version > ${versionOf('excluded.stream_id')})
      AND (d.due_at IS DISTINCT FROM excluded.due_at OR d.version <> excluded.version)`;
  return {
    async due(now, options) {
      checkDueArgs(now, options);
      await ready();
      const { after } = options;
      const { rows } = await guarded('reading the due moments', RETRY_LATER, () =>
        pool.query<{ stream_id: string; due_at: Date }>(dueSql, [
          now,
          after === undefined ? '-infinity' : new Date(after.dueAt),
          after?.streamId ?? '',
          options.limit,
        ]),
      );
      return rows.map((r) => ({ streamId: r.stream_id, dueAt: r.due_at.getTime() }));
    },
    async reschedule(entries) {
      const latest = latestEach(checkReschedules(entries));
      if (latest.length === 0) return;
      await ready();
      await guarded('setting due moments', RETRY_LATER, () =>
        pool.query(rescheduleSql, [
          latest.map((e) => e.streamId),
          latest.map((e) => (e.dueAt === null ? null : new Date(e.dueAt))),
          latest.map((e) => e.version),
        ]),
      );
    },
  };
};
