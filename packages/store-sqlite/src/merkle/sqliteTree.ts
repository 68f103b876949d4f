import { RedressError, entryOf, extendTree, leafHash, subtreeKey, type Subtree } from '@redress/core';
import type Database from 'better-sqlite3';

/** Rows taken in by one catch-up transaction: short enough not to hold the write lock for long. */
export const CATCH_UP_ROWS = 20_000;

type LeafRow = { leaf: number; position: number };

/**
 * The Merkle tree of a store file, on the `merkle_leaves` and `merkle_nodes`
 * tables (see `MERKLE_TABLES`). Leaves follow position order: the append adds
 * its events in its own transaction when the tree holds every row before them;
 * rows it does not (a file written before the tree, or by a writer without it)
 * are taken in, in order, by `catchUp` before the tree is read.
 */
export const sqliteTree = (db: Database.Database) => {
  const lastLeaf = db.prepare<[], LeafRow>('SELECT leaf, position FROM merkle_leaves ORDER BY leaf DESC LIMIT 1');
  const leafRow = db.prepare<[number], LeafRow>('SELECT leaf, position FROM merkle_leaves WHERE leaf = ?');
  const entryAt = db.prepare<[number], Buffer>('SELECT entry FROM merkle_leaves WHERE leaf = ?').pluck();
  const nodeAt = db.prepare<[number, number], Buffer>('SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?').pluck();
  const putLeaf = db.prepare('INSERT INTO merkle_leaves (leaf, position, entry) VALUES (?, ?, ?)');
  // Only hashes above the tree can be replaced: every subtree added is past the last leaf.
  const putNode = db.prepare('INSERT OR REPLACE INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)');
  const lastPosition = db.prepare<[], number | null>('SELECT max(position) FROM events').pluck();
  const rowsAfter = db.prepare<[number, number], [number, unknown]>("SELECT position, json_extract(body, '$.hash') FROM events WHERE position > ? ORDER BY position LIMIT ?").raw();

  /** Leaves in the tree, and the position of the last one's event (0 for none). */
  const state = () => {
    const last = lastLeaf.get();
    return last === undefined ? { size: 0, through: 0 } : { size: last.leaf + 1, through: last.position };
  };

  const hashOf = (s: Subtree): Buffer | undefined => {
    if (s.level > 0) return nodeAt.get(s.level, s.index);
    const entry = entryAt.get(s.index);
    return entry === undefined ? undefined : leafHash(entry);
  };

  const stored = (s: Subtree): Buffer => {
    const hash = hashOf(s);
    if (hash === undefined) {
      throw new RedressError('TAMPERED', `The Merkle tree of this SQLite file lacks subtree ${subtreeKey(s)}; its merkle tables do not hold what Redress wrote, restore the file from a backup`, s);
    }
    return hash;
  };

  /** Add leaves for these events (in position order) after the tree's `size` leaves. */
  const add = (size: number, positions: readonly number[], eventHashes: readonly string[]) => {
    const entries = eventHashes.map(entryOf);
    const added = extendTree(size, entries.map(leafHash), stored);
    entries.forEach((entry, i) => putLeaf.run(size + i, positions[i], entry));
    for (const node of added) if (node.level > 0) putNode.run(node.level, node.index, node.hash);
  };

  return {
    /**
     * In the append's transaction: add its events, unless rows the tree does
     * not hold yet come before them (then `catchUp` takes them all, in order).
     */
    extend(positions: readonly number[], eventHashes: readonly string[]): void {
      const { size, through } = state();
      if (positions[0] === through + 1) add(size, positions, eventHashes);
    },

    /** Whether committed rows wait past the tree's last leaf. */
    behind: (): boolean => (lastPosition.get() ?? 0) > state().through,

    /** Take in up to `limit` rows past the tree, in one IMMEDIATE transaction (so concurrent openers take turns). */
    catchUp: (limit = CATCH_UP_ROWS): void =>
      db
        .transaction(() => {
          const { size, through } = state();
          const rows = rowsAfter.all(through, limit);
          if (rows.length === 0) return;
          add(
            size,
            rows.map((r) => r[0]),
            rows.map((r) => (typeof r[1] === 'string' ? r[1] : '')),
          );
        })
        .immediate(),

    size: (): number => state().size,

    hashes(subtrees: readonly Subtree[]): Map<string, Buffer> {
      const out = new Map<string, Buffer>();
      for (const s of subtrees) {
        const hash = hashOf(s);
        if (hash !== undefined) out.set(subtreeKey(s), hash);
      }
      return out;
    },

    /** The leaf of the event at `position`: leaves are in position order, so a binary search (first guess: no gaps). */
    leafIndex(position: number): number | null {
      const guess = leafRow.get(position - 1);
      if (guess?.position === position) return guess.leaf;
      let lo = 0;
      let hi = state().size - 1;
      while (lo <= hi) {
        const mid = Math.floor((lo + hi) / 2);
        const row = leafRow.get(mid);
        if (row === undefined) return null;
        if (row.position === position) return row.leaf;
        if (row.position < position) lo = mid + 1;
        else hi = mid - 1;
      }
      return null;
    },
  };
};

/** The tree of one store file, as `sqliteTree` returns it. */
export type SqliteTree = ReturnType<typeof sqliteTree>;
