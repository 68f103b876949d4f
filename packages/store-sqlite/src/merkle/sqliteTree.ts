import { RedressError, entryOf, extendTree, leafHash, subtreeKey, type Subtree } from '@redress/core';
import type Database from 'better-sqlite3';
import { completionOrder, sizeOfCount } from './treeOrder';

/** Rows taken in by one catch-up transaction: short enough not to hold the write lock for long. */
export const CATCH_UP_ROWS = 20_000;

/**
 * The Merkle tree of a store file, on the `merkle_tree` table (see
 * `MERKLE_TABLE`): a row a complete subtree in the order the tree completes
 * them. Leaves follow position order: the append adds
 * its events in its own transaction when the tree holds every row before them;
 * rows it does not (a file written before the tree, or by a writer without it)
 * are taken in, in order, by `catchUp` before the tree is read.
 */
export const sqliteTree = (db: Database.Database) => {
  // The rows after the last leaf are the subtrees it completed (no position): a step or two back from the end.
  const lastLeaf = db.prepare<[], { seq: number; position: number }>('SELECT seq, position FROM merkle_tree WHERE position IS NOT NULL ORDER BY seq DESC LIMIT 1');
  const hashAt = db.prepare<[number], Buffer>('SELECT hash FROM merkle_tree WHERE seq = ?').pluck();
  const positionAt = db.prepare<[number], number | null>('SELECT position FROM merkle_tree WHERE seq = ?').pluck();
  // Only rows past the tree can be replaced (left by a transaction cut short by hand): every subtree added is past its end.
  const put = db.prepare('INSERT OR REPLACE INTO merkle_tree (seq, hash, position) VALUES (?, ?, ?)');
  const lastPosition = db.prepare<[], number | null>('SELECT max(position) FROM events').pluck();
  const rowsAfter = db.prepare<[number, number], [number, unknown]>("SELECT position, json_extract(body, '$.hash') FROM events WHERE position > ? ORDER BY position LIMIT ?").raw();

  /** Leaves in the tree, and the position of the last one's event (0 for none). */
  const state = () => {
    const last = lastLeaf.get();
    // A leaf's place is the count of subtrees before it, which gives its index (see sizeOfCount).
    return last === undefined ? { size: 0, through: 0 } : { size: sizeOfCount(last.seq) + 1, through: last.position };
  };

  /** A leaf's row holds its event's hash (the entry); a larger subtree's, its hash. */
  const hashOf = (s: Subtree): Buffer | undefined => {
    const stored = hashAt.get(completionOrder(s));
    return stored === undefined || s.level > 0 ? stored : leafHash(stored);
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
    // extendTree gives the subtrees in completion order: each leaf, then what it completes.
    for (const node of extendTree(size, entries.map(leafHash), stored)) {
      const leaf = node.level === 0 ? node.index - size : -1;
      put.run(completionOrder(node), leaf >= 0 ? entries[leaf] : node.hash, leaf >= 0 ? positions[leaf] : null);
    }
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
      const positionOf = (leaf: number) => positionAt.get(completionOrder({ level: 0, index: leaf }));
      const size = state().size;
      if (position - 1 < size && positionOf(position - 1) === position) return position - 1;
      let lo = 0;
      let hi = size - 1;
      while (lo <= hi) {
        const mid = Math.floor((lo + hi) / 2);
        const at = positionOf(mid);
        if (at === undefined || at === null) return null;
        if (at === position) return mid;
        if (at < position) lo = mid + 1;
        else hi = mid - 1;
      }
      return null;
    },
  };
};

/** The tree of one store file, as `sqliteTree` returns it. */
export type SqliteTree = ReturnType<typeof sqliteTree>;
