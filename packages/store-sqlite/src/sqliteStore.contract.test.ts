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

// Small pages, so paging across page boundaries is exercised by every read.
testEventStore('sqlite (file, full durability, pages of 4)', onTempFile({ pageSize: 4 }));
testEventStore('sqlite (file, process-crash-safe durability)', onTempFile({ durability: 'process-crash-safe' }));
