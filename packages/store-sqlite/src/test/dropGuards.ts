import type Database from 'better-sqlite3';

/** Drop the store's guard triggers, as someone with write access to the file could. */
export const dropGuards = (db: Database.Database): void => {
  db.exec('DROP TRIGGER events_insert_agrees; DROP TRIGGER events_update_agrees');
};
