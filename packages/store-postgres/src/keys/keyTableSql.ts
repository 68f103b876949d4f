import { LOCK_CLASS, quoteSchema } from '../schema/ddl';

/** What the key table's comment says, so a table of that name that is not ours is never used. */
export const KEY_TABLE_MARK = 'redress-key-store';

/**
 * The schema version of the key table this release writes and reads (in the
 * table's comment); a higher one was written by a newer release and is refused.
 *
 * @example
 * const { rows } = await pool.query(`SELECT obj_description('redress_keys.subject_keys'::regclass, 'pg_class') AS mark`);
 * rows[0].mark; // 'redress-key-store 2'
 */
export const KEY_TABLE_VERSION = 2;

/** Advisory-lock class for creating the key table, apart from the event store's. */
export const KEY_DDL_LOCK_CLASS = LOCK_CLASS + 2;

/**
 * The SQL that creates a Redress key table, `subject_keys`, in `schema`
 * (default `redress_keys`, apart from the events so that it can be granted,
 * backed up and kept apart). One row per subject: the wrapped data key and the
 * id of the key-encryption key, or, once erased, no key and the time of
 * erasure. A trigger is the erasure fence inside the database: an erased row
 * never gets a key again and is never deleted. Beside it (version 2) the
 * subject index: `subject_complaints`, `pending_erasures` and
 * `key_store_meta`. Idempotent (it also upgrades a version 1 table); for DBAs who apply
 * migrations themselves, with `postgresKeyStore({ createSchema: false })`.
 *
 * @example
 * writeFileSync('migrations/002_redress_keys.sql', keyStoreSql('redress_keys'));
 */
export const keyStoreSql = (schema = 'redress_keys'): string => {
  const s = quoteSchema(schema);
  return `CREATE SCHEMA IF NOT EXISTS ${s};

CREATE TABLE IF NOT EXISTS ${s}.subject_keys (
  subject_id text        PRIMARY KEY,
  kek_id     text,
  wrapped    bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  erased_at  timestamptz,
  CONSTRAINT subject_keys_key_or_erased CHECK (
    (erased_at IS NULL AND kek_id IS NOT NULL AND wrapped IS NOT NULL)
    OR (erased_at IS NOT NULL AND kek_id IS NULL AND wrapped IS NULL))
);

CREATE OR REPLACE FUNCTION ${s}.subject_keys_fence() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'redress: the record of an erased subject is kept for good';
  END IF;
  IF NEW.erased_at IS NULL OR NEW.wrapped IS NOT NULL OR NEW.subject_id IS DISTINCT FROM OLD.subject_id THEN
    RAISE EXCEPTION 'redress: an erased subject can never get a key again';
  END IF;
  RETURN NEW;
END
$fn$;

DROP TRIGGER IF EXISTS subject_keys_fence ON ${s}.subject_keys;
CREATE TRIGGER subject_keys_fence BEFORE UPDATE OR DELETE ON ${s}.subject_keys
  FOR EACH ROW WHEN (OLD.erased_at IS NOT NULL) EXECUTE FUNCTION ${s}.subject_keys_fence();

CREATE TABLE IF NOT EXISTS ${s}.subject_complaints (
  seq          bigserial PRIMARY KEY,
  subject_id   text NOT NULL,
  complaint_id text NOT NULL,
  UNIQUE (subject_id, complaint_id)
);

CREATE TABLE IF NOT EXISTS ${s}.pending_erasures (
  subject_id text PRIMARY KEY,
  erasure    text NOT NULL
);

CREATE TABLE IF NOT EXISTS ${s}.key_store_meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);

COMMENT ON TABLE ${s}.subject_keys IS '${KEY_TABLE_MARK} ${KEY_TABLE_VERSION}';
`;
};
