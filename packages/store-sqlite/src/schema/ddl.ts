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

// Refuses a row whose body names another stream or version (or is not JSON).
const AGREES = `WHEN json_extract(NEW.body, '$.streamId') IS NOT NEW.stream_id OR json_extract(NEW.body, '$.version') IS NOT NEW.version
BEGIN SELECT RAISE(ABORT, 'an event body must name the stream and version of its row'); END`;

/**
 * The triggers that keep every event's body naming the stream and version of its
 * row, on insert and on update: with them the file itself refuses a row whose
 * body says it is another event, whoever writes it, so `readAll` need not read
 * `stream_id` and `version` back to compare. A body that is not JSON is refused
 * too (`json_extract` fails on it). Written as SQLite keeps them in
 * `sqlite_master`, so that a trigger of the same name with other SQL is told apart.
 *
 * @example
 * db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger'").pluck().all(); // these two
 */
export const GUARD_TRIGGERS = [
  `CREATE TRIGGER events_insert_agrees BEFORE INSERT ON events\n${AGREES}`,
  `CREATE TRIGGER events_update_agrees BEFORE UPDATE OF stream_id, version, body ON events\n${AGREES}`,
] as const;

/**
 * The `meta` key holding the last position written before the guard triggers
 * held (0 in a file that had them from the start): `readAll` checks the rows up
 * to it against their bodies itself.
 */
export const UNGUARDED_THROUGH = 'unguarded_through';

/**
 * Brings the events of an earlier schema-version-1 file up to date in place: the
 * `tree` column, where each event's row keeps its part of the log-wide Merkle
 * tree (RFC 6962) over the events' hashes in position order — the leaf hash of
 * the event at position p (leaf p − 1), then the hashes of the subtrees that
 * leaf completes, 32 bytes a level. Roots and proofs are O(log n) reads, and an
 * append writes the tree into the rows it writes anyway. Additive and nullable:
 * releases that do not know it still read and write the file, and rows without
 * their tree get it before the tree is next read.
 *
 * @example
 * db.exec(ADD_TREE_COLUMN); // what sqliteStore does when the column is missing
 */
export const ADD_TREE_COLUMN = 'ALTER TABLE events ADD COLUMN tree BLOB';

/** The value of `meta.format` that marks a file as a Redress store. */
export const FORMAT = 'redress-event-store';

/**
 * The tables and triggers of a Redress SQLite store. `position` is the rowid: writers are
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
  tree      BLOB,
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

${GUARD_TRIGGERS.map((sql) => `${sql.replace('CREATE TRIGGER', 'CREATE TRIGGER IF NOT EXISTS')};`).join('\n')}
`;
