import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { testEvents } from '@redress/testing';
import { expect, test } from 'vitest';
import { sqliteStore } from '../sqliteStore';
import { tempFiles } from '../test/tempFile';
import { openReadOnly } from './openReadOnly';
import { readOnlyTree } from './readOnlyTree';

const file = tempFiles();

test('the tree of a file opened read-only gives the store’s roots and proofs and writes nothing; rows without their tree are left out', async () => {
  const path = file();
  const store = sqliteStore({ path });
  await store.append('C-1', testEvents('C-1', 5), { expectedVersion: 0 });
  const root = await store.merkle.root(4);
  const proof = await store.merkle.inclusionProof(2, 4);
  await store.close();
  // The last row as a writer without the tree leaves it.
  const raw = new Database(path);
  raw.prepare('UPDATE events SET tree = NULL WHERE position = 5').run();
  raw.close();
  const before = readFileSync(path);
  const db = openReadOnly(path);
  try {
    const tree = readOnlyTree(db, path);
    expect(await tree?.size()).toBe(4);
    expect(await tree?.root(4)).toBe(root);
    expect(await tree?.inclusionProof(2, 4)).toEqual(proof);
    expect(await tree?.leafIndex(3)).toBe(2);
    expect(await tree?.leafIndex(5)).toBeNull();
  } finally {
    db.close();
  }
  expect(readFileSync(path).equals(before)).toBe(true);
});
