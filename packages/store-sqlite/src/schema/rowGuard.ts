import type Database from 'better-sqlite3';
import { GUARD_TRIGGERS, UNGUARDED_THROUGH } from './ddl';

const NAMES = GUARD_TRIGGERS.map((sql) => /^CREATE TRIGGER (\w+)/.exec(sql)?.[1] as string);

/** Both guard triggers are in the file, each with exactly our SQL. */
export const guardsHold = (db: Database.Database): boolean => {
  const found = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'").all() as { name: string; sql: string }[];
  return GUARD_TRIGGERS.every((sql, i) => found.some((t) => t.name === NAMES[i] && t.sql === sql));
};

/**
 * Put the guard triggers in a file that lacks them (written by a release before
 * them, or with them dropped): in the caller's write transaction, replace any
 * trigger of the same name and note the last position written so far, whose rows
 * `readAll` goes on checking against their bodies.
 */
export const installGuards = (db: Database.Database): void => {
  for (const name of NAMES) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
  for (const sql of GUARD_TRIGGERS) db.exec(sql);
  db.prepare('INSERT OR REPLACE INTO meta (key, value) SELECT ?, coalesce(max(position), 0) FROM events').run(UNGUARDED_THROUGH);
};

/**
 * The last position whose row `readAll` must check against its body: the one the
 * meta table notes while the guards hold, and every position when they do not
 * (dropped since the store opened, or a note that is missing or not a number).
 */
export const unguardedThrough = (db: Database.Database): number => {
  if (!guardsHold(db)) return Number.MAX_SAFE_INTEGER;
  const noted = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(UNGUARDED_THROUGH);
  const value = typeof noted === 'string' && /^\d{1,15}$/.test(noted) ? Number(noted) : Number.NaN;
  return Number.isNaN(value) ? Number.MAX_SAFE_INTEGER : value;
};
