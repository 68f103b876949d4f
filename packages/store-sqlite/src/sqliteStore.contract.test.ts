import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEventStore } from '@redress/testing';
import { sqliteStore, type SqliteStoreOptions } from './sqliteStore';

const onTempFile = (options: Omit<SqliteStoreOptions, 'path'>) => async () => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-sqlite-'));
  return {
    store: sqliteStore({ path: join(dir, 'events.db'), ...options }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
};

// Both writers: the writer thread (the default) and commits on this thread. Small pages, so paging
// across page boundaries is exercised by every read.
for (const writer of ['worker', 'inline'] as const) {
  testEventStore(`sqlite (${writer} writer, full durability, pages of 4)`, onTempFile({ writer, pageSize: 4 }));
  testEventStore(
    `sqlite (${writer} writer, process-crash-safe durability)`,
    onTempFile({ writer, durability: 'process-crash-safe' }),
  );
}
