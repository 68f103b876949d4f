import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEventStore } from '@redress/testing';
import { sqliteStore } from './sqliteStore';

testEventStore('sqlite (file, default durability)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-sqlite-'));
  return { store: sqliteStore({ path: join(dir, 'events.db'), pageSize: 4 }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});
