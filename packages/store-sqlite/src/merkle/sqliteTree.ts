import { RedressError, entryOf, leafHash, nodeHash, subtreeKey, type Subtree } from '@redress/core';
import type Database from 'better-sqlite3';

/** Rows taken in by one catch-up transaction: short enough not to hold the write lock for long. */
export const CATCH_UP_ROWS = 20_000;
const HASH = 32;

/** What an append computed: each row's tree column, and the newest subtree at each level it reached. */
export interface Trees {
  readonly trees: Buffer[];
  readonly reached: readonly { level: number; index: number; hash: Buffer }[];
}

/**
 * The Merkle tree of a store file, kept in the events' own rows (the `tree`
 * column, see `ADD_TREE_COLUMN`): leaf i is the event at position i + 1, and
 * its row holds its leaf hash followed by the hashes of the subtrees its leaf
 * completes, level by level (32 bytes each, level L at byte 32·L). So an append writes the tree into the very
 * rows (and pages) it writes anyway. The rows that have their tree form a prefix
 * of the log: the append adds its events when the row before them has its tree;
 * rows that do not (a file from before the tree, a writer without it) get
 * theirs, in position order, from `catchUp` before the tree is read.
 */
export const sqliteTree = (db: Database.Database) => {
  const lastRow = db.prepare<[], { position: number; treed: number }>(
    'SELECT position, tree IS NOT NULL AS treed FROM events ORDER BY position DESC LIMIT 1',
  );
  const treeAt = db.prepare<[number], Buffer | null>('SELECT tree FROM events WHERE position = ?').pluck();
  const hashOfRow = db
    .prepare<[number], unknown>("SELECT json_extract(body, '$.hash') FROM events WHERE position = ?")
    .pluck();
  const rowsAfter = db
    .prepare<[number, number], [number, unknown]>(
      "SELECT position, json_extract(body, '$.hash') FROM events WHERE position > ? ORDER BY position LIMIT ?",
    )
    .raw();
  const setTree = db.prepare('UPDATE events SET tree = ? WHERE position = ?');

  /** The stored hash of subtree `s`: in the row of the last leaf it covers, at its level. */
  const hashOf = (s: Subtree): Buffer | undefined => {
    const tree = treeAt.get((s.index + 1) * 2 ** s.level);
    const hash = tree?.subarray(s.level * HASH, (s.level + 1) * HASH);
    return hash === undefined || hash.length !== HASH ? undefined : hash;
  };

  const stored = (s: Subtree): Buffer => {
    const hash = hashOf(s);
    if (hash === undefined) {
      throw new RedressError(
        'TAMPERED',
        `The Merkle tree of this SQLite file lacks subtree ${subtreeKey(s)} (its event row or its tree column is gone); the file does not hold what Redress wrote, restore it from a backup`,
        s,
      );
    }
    return hash;
  };

  // The newest subtree this connection's committed appends reached at each level (its
  // index and hash). A complete subtree's hash never changes, so one of these serves
  // for as long as it is the peak the next append merges with: a lone writer reads no
  // stored hash at all, and after other writers' appends the peak is read from its row.
  const newest: ({ index: number; hash: Buffer } | undefined)[] = [];

  /** The hash of subtree (level, index), complete in the tree: known here, or read from its row. */
  const peak = (level: number, index: number): Buffer => {
    const known = newest[level];
    return known !== undefined && known.index === index ? known.hash : stored({ level, index });
  };

  /**
   * The tree column of each of these events, leaves `size`, `size + 1`, …: the
   * leaf hash, then each subtree the leaf completes (a right child completes its
   * parent, which may complete its own), level by level.
   */
  const treesOf = (size: number, eventHashes: readonly string[]): Trees => {
    // Subtrees completed by earlier leaves of this batch, by level: read before `newest` is.
    const fresh: ({ index: number; hash: Buffer } | undefined)[] = [];
    const left = (level: number, index: number): Buffer => {
      const f = fresh[level];
      return f !== undefined && f.index === index ? f.hash : peak(level, index);
    };
    const trees = eventHashes.map((eventHash, i) => {
      let index = size + i;
      let hash = leafHash(entryOf(eventHash));
      const parts = [hash];
      let level = 0;
      for (; index % 2 === 1; level++) {
        const sibling = left(level, index - 1);
        fresh[level] = { index, hash };
        hash = nodeHash(sibling, hash);
        index = (index - 1) / 2;
        parts.push(hash);
      }
      fresh[level] = { index, hash };
      return parts.length === 1 ? hash : Buffer.concat(parts);
    });
    const reached: { level: number; index: number; hash: Buffer }[] = [];
    fresh.forEach((f, level) => {
      if (f !== undefined) reached.push({ level, ...f });
    });
    return { trees, reached };
  };

  /** Remember what a committed append or catch-up computed. */
  const keep = (computed: Trees): void => {
    for (const { level, index, hash } of computed.reached) {
      const known = newest[level];
      if (known === undefined || known.index < index) newest[level] = { index, hash };
    }
  };

  /** Leaves in the tree: the rows before the first without its tree (binary search: they form a prefix). */
  const size = (): number => {
    const last = lastRow.get();
    if (last === undefined) return 0;
    if (last.treed === 1) return last.position;
    let lo = 0;
    let hi = last.position - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (treeAt.get(mid) != null) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  return {
    /**
     * In the append's transaction, before its inserts: the positions and tree
     * columns of its events, or null when rows before them lack their tree
     * (then `catchUp` takes them all in, in order).
     */
    plan(eventHashes: readonly string[]): TreePlan | null {
      const last = lastRow.get();
      if (last !== undefined && last.treed !== 1) return null;
      const n = last?.position ?? 0;
      return { first: n + 1, ...treesOf(n, eventHashes) };
    },

    /**
     * After the append's inserts: what its plan computed is in the file (or will
     * be once the transaction commits), and known here.
     */
    committed: keep,

    /**
     * A transaction that wrote the tree did not commit: what it computed is not in
     * the file, so nothing remembered may be trusted (its subtrees' indexes will be
     * another writer's). The next append reads the peaks from their rows.
     */
    forget: (): void => {
      newest.length = 0;
    },

    /** Whether rows wait without their tree. */
    behind: (): boolean => {
      const last = lastRow.get();
      return last !== undefined && last.treed !== 1;
    },

    /**
     * Give up to `limit` rows past the tree theirs, in one IMMEDIATE transaction (so concurrent openers take turns;
     * a savepoint inside a transaction already open).
     */
    catchUp: (limit = CATCH_UP_ROWS): void =>
      keep(
        db
          .transaction((): Trees => {
            const n = size();
            const rows = rowsAfter.all(n, limit);
            // Leaf i is the event at position i + 1: a missing position is a deleted event, and the tree stops there.
            const gap = rows.findIndex((r, i) => r[0] !== n + i + 1);
            if (gap === 0) {
              throw new RedressError(
                'TAMPERED',
                `The events of this SQLite file skip position ${n + 1} (an event was deleted); the Merkle tree cannot go past it. Restore the file from a backup`,
                { position: n + 1 },
              );
            }
            const taken = gap === -1 ? rows : rows.slice(0, gap);
            const computed = treesOf(
              n,
              taken.map((r) => (typeof r[1] === 'string' ? r[1] : '')),
            );
            taken.forEach((r, i) => {
              setTree.run(computed.trees[i], r[0]);
            });
            return computed;
          })
          .immediate(),
      ),

    size,

    hashes(subtrees: readonly Subtree[]): Map<string, Buffer> {
      const out = new Map<string, Buffer>();
      for (const s of subtrees) {
        const hash = hashOf(s);
        if (hash !== undefined) out.set(subtreeKey(s), hash);
      }
      return out;
    },

    leafIndex: (position: number): number | null =>
      position >= 1 && position <= size() && hashOfRow.get(position) !== undefined ? position - 1 : null,
  };
};

/** The positions and tree columns `plan` gives an append, and what to remember once it commits. */
export interface TreePlan {
  /** The position of the first event. */
  readonly first: number;
  /** Each event's tree column. */
  readonly trees: Buffer[];
  readonly reached: readonly { level: number; index: number; hash: Buffer }[];
}

/** The tree of one store file, as `sqliteTree` returns it. */
export type SqliteTree = ReturnType<typeof sqliteTree>;
