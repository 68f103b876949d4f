/** The value of `meta.format` that marks a file as a Redress key store. */
export const KEY_FILE_FORMAT = 'redress-key-store';

/**
 * The schema version of key-store files this release writes and reads; a file
 * with a higher one was written by a newer release and is refused.
 *
 * @example
 * db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(); // '2'
 */
export const KEY_FILE_SCHEMA_VERSION = 2;

/**
 * The tables of a key-store file. One row per subject: its wrapped data key and
 * the id of the key-encryption key that wrapped it, or, once erased, no key at
 * all and the time of erasure. The triggers are the erasure fence inside the
 * file: an erased row can never get a key again nor be deleted, so not even a
 * hand-written statement can turn an erased subject into one never seen.
 * The subject index (version 2) beside them: each subject's complaints, in
 * the order linked, and the erasures begun and not yet finished.
 *
 * @example
 * writeFileSync('keys-schema.sql', KEY_FILE_DDL); // to review what the store creates
 */
export const KEY_FILE_DDL = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS subject_keys (
  subject_id TEXT PRIMARY KEY,
  kek_id     TEXT,
  wrapped    BLOB,
  created_at TEXT NOT NULL,
  erased_at  TEXT,
  CHECK ((erased_at IS NULL AND kek_id IS NOT NULL AND wrapped IS NOT NULL)
      OR (erased_at IS NOT NULL AND kek_id IS NULL AND wrapped IS NULL))
) STRICT;

CREATE TRIGGER IF NOT EXISTS subject_keys_fence_update
BEFORE UPDATE ON subject_keys
WHEN OLD.erased_at IS NOT NULL AND (NEW.erased_at IS NULL OR NEW.wrapped IS NOT NULL OR NEW.subject_id IS NOT OLD.subject_id)
BEGIN
  SELECT RAISE(ABORT, 'redress: an erased subject can never get a key again');
END;

CREATE TABLE IF NOT EXISTS subject_complaints (
  seq          INTEGER PRIMARY KEY,
  subject_id   TEXT NOT NULL,
  complaint_id TEXT NOT NULL,
  UNIQUE (subject_id, complaint_id)
) STRICT;

CREATE TABLE IF NOT EXISTS pending_erasures (
  subject_id TEXT PRIMARY KEY,
  erasure    TEXT NOT NULL
) STRICT;

CREATE TRIGGER IF NOT EXISTS subject_keys_fence_delete
BEFORE DELETE ON subject_keys
WHEN OLD.erased_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'redress: the record of an erased subject is kept for good');
END;
`;
