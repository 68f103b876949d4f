import {
  RedressError,
  entryOf,
  extendTree,
  leafHash,
  mergedPeaks,
  merkleLog,
  subtreeKey,
  type MerkleLog,
  type Subtree,
} from '@redress/core';
import type { Pool, PoolClient } from 'pg';
import { guarded, RETRY_LATER, storeFailure } from '../errors/pgErrors';
import { TREE_LOCK_CLASS } from '../schema/ddl';

/** Rows taken in by one extending transaction. */
const BATCH = 10_000;
const READ_ADVICE = 'try again when the database is reachable';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Hex of the stored hashes of `subtrees`, level 0 from the leaves' entries. */
const readHashes = async (
  db: Pool | PoolClient,
  s: string,
  subtrees: readonly Subtree[],
): Promise<Map<string, Buffer>> => {
  const leaves = subtrees.filter((t) => t.level === 0).map((t) => t.index);
  const nodes = subtrees.filter((t) => t.level > 0);
  const { rows } = await db.query<{ level: number; idx: string; hash: string }>(
    `SELECT 0 AS level, leaf::text AS idx, encode(entry, 'hex') AS hash FROM ${s}.merkle_leaves WHERE leaf = ANY($1::bigint[])
     UNION ALL
     SELECT n.level, n.idx::text, encode(n.hash, 'hex') FROM ${s}.merkle_nodes n
       JOIN unnest($2::smallint[], $3::bigint[]) AS w(level, idx) ON n.level = w.level AND n.idx = w.idx`,
    [leaves, nodes.map((t) => t.level), nodes.map((t) => t.index)],
  );
  const out = new Map<string, Buffer>();
  for (const r of rows) {
    const bytes = Buffer.from(r.hash, 'hex');
    out.set(subtreeKey({ level: r.level, index: Number(r.idx) }), r.level === 0 ? leafHash(bytes) : bytes);
  }
  return out;
};

/**
 * The Merkle tree of a PostgreSQL store. Appends commit out of position order
 * (positions are reserved under a short lock, commits then run side by side),
 * and no transaction can see the rows of writers still in flight below it, so
 * the tree cannot be extended inside the append without serializing every
 * commit. It is extended after commit instead, by whoever reads it: under a
 * transaction-level advisory lock (one extender at a time), from the rows past
 * its last leaf that are safe — every older writer has finished, the rule
 * `readAll` follows — in position order. So it follows position order exactly
 * and never forks; (level, idx) keys back that up.
 */
export const pgTree = (
  pool: Pool,
  s: string,
  schema: string,
  settleMs: number,
  ready: () => Promise<void>,
): MerkleLog => {
  const state = async (db: Pool | PoolClient) => {
    const { rows } = await db.query<{ leaf: string; position: string }>(
      `SELECT leaf, position FROM ${s}.merkle_leaves ORDER BY leaf DESC LIMIT 1`,
    );
    const last = rows[0];
    return last === undefined
      ? { size: 0, through: 0 }
      : { size: Number(last.leaf) + 1, through: Number(last.position) };
  };

  /** One transaction: take in up to BATCH safe rows. Says whether more rows are there, and whether some wait behind a writer in flight. */
  const extendOnce = async (): Promise<{ more: boolean; waiting: boolean }> => {
    const client = await guarded('extending the Merkle tree', RETRY_LATER, () => pool.connect());
    const ignore = () => {};
    client.on('error', ignore);
    let broken: Error | undefined;
    try {
      // The tree is derived from committed events: a crash that loses this commit loses
      // nothing, the next extension takes the same rows in the same order again. So the
      // commit need not wait for its fsync, and appends keep the disk to themselves.
      await client.query('BEGIN; SET LOCAL synchronous_commit = off');
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [TREE_LOCK_CLASS, schema]);
      const { size, through } = await state(client);
      const { rows } = await client.query<{ position: string; hash: string | null; safe: boolean }>(
        `WITH snap AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
         SELECT e.position, e.event->>'hash' AS hash, e.tx_id < snap.xmin AS safe FROM ${s}.events e, snap
         WHERE e.position > $1 ORDER BY e.position LIMIT $2`,
        [through, BATCH],
      );
      const firstUnsafe = rows.findIndex((r) => !r.safe);
      const taken = firstUnsafe === -1 ? rows : rows.slice(0, firstUnsafe);
      if (taken.length > 0) {
        const entries = taken.map((r) => entryOf(r.hash ?? ''));
        const peaks = await readHashes(client, s, mergedPeaks(size, taken.length));
        const added = extendTree(size, entries.map(leafHash), (t) => {
          const hash = peaks.get(subtreeKey(t));
          if (hash === undefined) {
            throw new RedressError(
              'TAMPERED',
              `The Merkle tree of schema "${schema}" lacks subtree ${subtreeKey(t)}; its merkle tables do not hold what Redress wrote, restore them from a backup`,
              t,
            );
          }
          return hash;
        });
        const nodes = added.filter((n) => n.level > 0);
        await client.query(
          `INSERT INTO ${s}.merkle_leaves (leaf, position, entry) SELECT l, p, decode(e, 'hex') FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS t(l, p, e)`,
          [taken.map((_, i) => size + i), taken.map((r) => r.position), entries.map((e) => e.toString('hex'))],
        );
        await client.query(
          `INSERT INTO ${s}.merkle_nodes (level, idx, hash) SELECT lv, i, decode(h, 'hex') FROM unnest($1::smallint[], $2::bigint[], $3::text[]) AS t(lv, i, h)
           ON CONFLICT (level, idx) DO UPDATE SET hash = excluded.hash`,
          [nodes.map((n) => n.level), nodes.map((n) => n.index), nodes.map((n) => n.hash.toString('hex'))],
        );
      }
      await client.query('COMMIT');
      return { more: firstUnsafe === -1 && rows.length === BATCH, waiting: firstUnsafe !== -1 };
    } catch (error) {
      broken = error as Error;
      await client.query('ROLLBACK').catch(() => {});
      throw storeFailure(error, 'extending the Merkle tree', RETRY_LATER);
    } finally {
      client.off('error', ignore);
      client.release(broken);
    }
  };

  /** Take in every committed row; rows behind an older writer still in flight are waited for up to `settleMs`, as readAll waits. */
  const catchUp = async (): Promise<number> => {
    await ready();
    const giveUpAt = Date.now() + settleMs;
    let pause = 1;
    for (;;) {
      const { more, waiting } = await extendOnce();
      if (more) continue;
      if (!waiting || Date.now() >= giveUpAt) break;
      await sleep(pause);
      pause = Math.min(pause * 2, 50);
    }
    return (await guarded('reading the Merkle tree', READ_ADVICE, () => state(pool))).size;
  };

  return merkleLog({
    size: catchUp,
    hashes: (subtrees) => guarded('reading the Merkle tree', READ_ADVICE, () => readHashes(pool, s, subtrees)),
    async leafIndex(position) {
      await catchUp();
      const { rows } = await guarded('reading the Merkle tree', READ_ADVICE, () =>
        pool.query<{ leaf: string }>(
          `SELECT leaf FROM ${s}.merkle_leaves WHERE position = $1 ORDER BY leaf DESC LIMIT 1`,
          [position],
        ),
      );
      return rows[0] === undefined ? null : Number(rows[0].leaf);
    },
  });
};
