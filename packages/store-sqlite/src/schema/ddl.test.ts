import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { DDL, GUARD_TRIGGERS } from './ddl';

describe('the guard triggers', () => {
  test('are in docs/store-sqlite.md exactly as the store creates them', () => {
    const doc = readFileSync(new URL('../../../../docs/store-sqlite.md', import.meta.url), 'utf8');
    for (const sql of GUARD_TRIGGERS) expect(doc).toContain(`${sql};`);
  });

  test('are kept by SQLite in the very words the store compares them with', () => {
    const db = new Database(':memory:');
    db.exec(DDL);
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all()).toEqual([
      ...GUARD_TRIGGERS,
    ]);
    db.close();
  });
});
