import { merkleLog, type MerkleLog } from '@redress/core';
import type Database from 'better-sqlite3';
import { guardSync } from '../driverErrors';
import { sqliteTree } from '../merkle/sqliteTree';

/**
 * The Merkle tree of a store file opened read-only (see `openReadOnly`), as the
 * `MerkleLog` port: what is stored, read without writing. Rows a writer has not
 * given their part of the tree yet (a file from before the tree, a release
 * without it) are not in it: its size stops before them, where a writable
 * store would first take them in. Undefined for a file with no tree at all.
 *
 * @example
 * const db = openReadOnly('complaints.db');
 * const tree = readOnlyTree(db, 'complaints.db');
 * await tree?.root(await tree.size());
 */
export const readOnlyTree = (db: Database.Database, path: string): MerkleLog | undefined => {
  const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('events') as string[];
  if (!columns.includes('tree')) return undefined;
  const tree = sqliteTree(db);
  return merkleLog({
    size: async () => guardSync(path, tree.size),
    hashes: async (subtrees) => guardSync(path, () => tree.hashes(subtrees)),
    leafIndex: async (position) => guardSync(path, () => tree.leafIndex(position)),
  });
};
