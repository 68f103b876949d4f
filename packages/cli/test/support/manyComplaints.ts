import { join } from 'node:path';
import { createEngine, sequentialIds } from '@redress/core';
import { sqliteStore } from '@redress/store-sqlite';
import { exampleLifecycle } from '@redress/testing';
import { steppingClock } from './seedStore';

/**
 * A SQLite store of `count` complaints (C-01, C-02, …), each through the example
 * lifecycle: enough events that a command is still writing when it meets a late one.
 */
export const sqliteWithComplaints = async (dir: string, count: number, name = 'many.db'): Promise<string> => {
  const path = join(dir, name);
  const store = sqliteStore({ path });
  const engine = createEngine({ store, clock: steppingClock(), ids: sequentialIds() });
  for (let i = 1; i <= count; i++)
    for (const cmd of exampleLifecycle(`C-${String(i).padStart(2, '0')}`)) await engine.execute(cmd);
  await store.close();
  return path;
};
