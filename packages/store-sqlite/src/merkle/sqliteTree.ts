import { RedressError, entryOf, extendTree, leafHash, subtreeKey, type Subtree } from '@redress/core';
import type Database from 'better-sqlite3';

/** Rows taken in by one catch-up transaction: short enough not to hold the write lock for long. */
export const CATCH_UP_ROWS = 20_000;
const HASH = 32;

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

  /** The tree column of each of these events, leaves `size`, `size + 1`, …: the leaf hash, then what the leaf completes. */
  const treesOf = (size: number, eventHashes: readonly string[]): Buffer[] => {
    const parts: Buffer[][] = eventHashes.map(() => []);
    // A subtree is kept in the row of the leaf it ends with; extendTree gives each leaf, then what it completes, level by level.
    for (const node of extendTree(
      size,
      eventHashes.map((h) => leafHash(entryOf(h))),
      stored,
    ))
      parts[(node.index + 1) * 2 ** node.level - 1 - size]?.push(node.hash);
    return parts.map((p) => Buffer.concat(p));
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
    plan(eventHashes: readonly string[]): { first: number; trees: Buffer[] } | null {
      const last = lastRow.get();
      if (last !== undefined && last.treed !== 1) return null;
      const n = last?.position ?? 0;
      return { first: n + 1, trees: treesOf(n, eventHashes) };
    },

    /** Whether rows wait without their tree. */
    behind: (): boolean => {
      const last = lastRow.get();
      return last !== undefined && last.treed !== 1;
    },

    /** Give up to `limit` rows past the tree theirs, in one IMMEDIATE transaction (so concurrent openers take turns). */
    catchUp: (limit = CATCH_UP_ROWS): void =>
      db
        .transaction(() => {
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
          const trees = treesOf(
            n,
            taken.map((r) => (typeof r[1] === 'string' ? r[1] : '')),
          );
          taken.forEach((r, i) => {
            setTree.run(trees[i], r[0]);
          });
        })
        .immediate(),

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

/** The tree of one store file, as `sqliteTree` returns it. */
export type SqliteTree = ReturnType<typeof sqliteTree>;
