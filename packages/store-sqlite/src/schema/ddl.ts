/**
 * The schema version this package writes and reads. A file with a higher one was
 * written by a newer release and is refused untouched.
 *
 * @example
 * db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get(); // { value: '1' }
 */
export const SCHEMA_VERSION = 1;

/**
 * Brings an outbox of an earlier schema-version-1 file up to date in place:
 * `history` (the JSON array of settled attempts) came later. Additive, with a
 * default, so releases that do not know the column still read and write the file.
 *
 * @example
 * db.exec(ADD_OUTBOX_HISTORY); // what sqliteStore does when the column is missing
 */
export const ADD_OUTBOX_HISTORY = "ALTER TABLE outbox ADD COLUMN history TEXT NOT NULL DEFAULT '[]'";

/** The value of `meta.format` that marks a file as a Redress store. */
export const FORMAT = 'redress-event-store';

/**
 * The tables of a Redress SQLite store. `position` is the rowid: writers are
 * serialized by SQLite's write lock, so positions are given, and committed, in
 * order, and `readAll` paging by position never skips a committed event.
 *
 * @example
 * new Database('complaints.db').exec(DDL); // what sqliteStore does on a new file
 */
export const DDL = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS events (
  position  INTEGER PRIMARY KEY,
  stream_id TEXT    NOT NULL,
  version   INTEGER NOT NULL,
  event_id  TEXT    NOT NULL,
  type      TEXT    NOT NULL,
  body      TEXT    NOT NULL,
  UNIQUE (stream_id, version)
);

CREATE TABLE IF NOT EXISTS outbox (
  seq          INTEGER PRIMARY KEY,
  id           TEXT    NOT NULL UNIQUE,
  stream_id    TEXT    NOT NULL,
  event_id     TEXT    NOT NULL,
  channel      TEXT    NOT NULL,
  payload      TEXT    NOT NULL,
  status       TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  available_at TEXT    NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT    NOT NULL,
  claimed_by   TEXT,
  lease_until  TEXT,
  last_error   TEXT,
  delivered_at TEXT,
  history      TEXT    NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, available_at);
CREATE INDEX IF NOT EXISTS outbox_stream ON outbox (stream_id);

CREATE TABLE IF NOT EXISTS checkpoints (
  name     TEXT    PRIMARY KEY,
  position INTEGER NOT NULL
) WITHOUT ROWID;
`;
