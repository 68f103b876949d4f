/**
 * A process for the multi-process tree test: `childTreeReader.ts <file> <name> <count>`.
 * Appends `count` events to a stream of its own, reading the Merkle tree's size
 * after each append (which takes in rows the tree does not hold yet).
 */
import type { RecordedEvent } from '@redress/core';
import { testEvents } from '@redress/testing';
import { sqliteStore } from '../sqliteStore';

const [path, name, countText] = process.argv.slice(2) as [string, string, string];
const store = sqliteStore({ path, busyTimeoutMs: 30_000 });
let after: RecordedEvent | undefined;
for (let i = 0; i < Number(countText); i++) {
  const events = testEvents(`C-${name}`, 1, after === undefined ? {} : { after });
  await store.append(`C-${name}`, events, { expectedVersion: i });
  after = events[0];
  await store.merkle.size();
}
await store.close();
