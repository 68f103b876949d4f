import type Database from 'better-sqlite3';
import { GUARD_TRIGGERS, UNGUARDED_THROUGH } from './ddl';

/** The guard triggers' names, from their SQL. */
export const GUARD_NAMES = GUARD_TRIGGERS.map((sql) => /^CREATE TRIGGER (\w+)/.exec(sql)?.[1] as string);

/**
 * What a file's guard triggers say now, with its statements prepared once (each
 * `readAll` asks): whether both are there with exactly our SQL, and the last
 * position whose row `readAll` must compare with its body itself.
 */
export const guardState = (db: Database.Database) => {
  const triggers = db.prepare<[], { name: string; sql: string }>(
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'",
  );
  const note = db.prepare<[string], unknown>('SELECT value FROM meta WHERE key = ?').pluck();
  const hold = (): boolean => {
    const found = triggers.all();
    return GUARD_TRIGGERS.every((sql, i) => found.some((t) => t.name === GUARD_NAMES[i] && t.sql === sql));
  };
  return {
    hold,
    /**
     * The position the meta table notes while the guards hold; every position
     * when they do not (dropped since the store opened) or the note is missing
     * or not a number.
     */
    unguardedThrough(): number {
      if (!hold()) return Number.MAX_SAFE_INTEGER;
      const noted = note.get(UNGUARDED_THROUGH);
      return typeof noted === 'string' && /^\d{1,15}$/.test(noted) ? Number(noted) : Number.MAX_SAFE_INTEGER;
    },
  };
};

/**
 * Put the guard triggers in a file that lacks them (written by a release before
 * them, or with them dropped): in the caller's write transaction, replace any
 * trigger of the same name and note the last position written so far, whose rows
 * `readAll` goes on comparing with their bodies.
 */
export const installGuards = (db: Database.Database): void => {
  for (const name of GUARD_NAMES) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
  for (const sql of GUARD_TRIGGERS) db.exec(sql);
  db.prepare('INSERT OR REPLACE INTO meta (key, value) SELECT ?, coalesce(max(position), 0) FROM events').run(
    UNGUARDED_THROUGH,
  );
};
