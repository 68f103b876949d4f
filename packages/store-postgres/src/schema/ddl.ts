import { RedressError } from '@redress/core';

/**
 * The schema version this package writes and reads (kept in the `meta` table). A
 * database with a higher one was written by a newer release and is refused.
 *
 * @example
 * const { rows } = await pool.query(`SELECT value FROM redress.meta WHERE key = 'schema_version'`);
 * if (Number(rows[0].value) !== SCHEMA_VERSION) console.warn('migrate before upgrading');
 */
export const SCHEMA_VERSION = 1;

/** The value of `meta.format` that marks a schema as a Redress store. */
export const FORMAT = 'redress-event-store';

/** Advisory-lock class of Redress (the bytes "REDR"); the object id is `hashtext(schema)`. */
export const LOCK_CLASS = 0x52454452;
/** Advisory-lock class for creating the schema, so two instances starting at once do not race. */
export const DDL_LOCK_CLASS = LOCK_CLASS + 1;
/** Advisory-lock class for extending the Merkle tree: one extender at a time, so the tree never forks. */
export const TREE_LOCK_CLASS = LOCK_CLASS + 2;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Check a schema name and quote it for SQL. */
export const quoteSchema = (schema: string): string => {
  if (typeof schema !== 'string' || !IDENTIFIER.test(schema)) {
    throw new RedressError(
      'VALIDATION',
      `Schema name ${JSON.stringify(schema)} is not allowed; use letters, digits and _ (at most 63, not starting with a digit)`,
      { schema },
    );
  }
  return `"${schema}"`;
};

/**
 * The additive change that gives an outbox of an earlier schema-version-1 store
 * its `history` column. Idempotent, and releases that do not know the column still
 * read and write the table, so the schema version stays 1.
 *
 * @example
 * await pool.query(addOutboxHistory('"redress"'));
 */
export const addOutboxHistory = (quotedSchema: string): string =>
  `ALTER TABLE ${quotedSchema}.outbox ADD COLUMN IF NOT EXISTS history json NOT NULL DEFAULT '[]';`;

/**
 * The tables of the log-wide Merkle tree (RFC 6962) over the events' hashes in
 * position order: one row a leaf (its event's position and hash, 32 bytes) and
 * one a complete subtree of two or more leaves (`level` ≥ 1: 2^level leaves from
 * `idx · 2^level`), so a root or a proof is O(log n) reads. Additive and
 * idempotent: a store created before them gets them, and its events go into the
 * tree when it is first read.
 *
 * @example
 * await pool.query(merkleTables('"redress"'));
 */
export const merkleTables = (
  quotedSchema: string,
): string => `CREATE TABLE IF NOT EXISTS ${quotedSchema}.merkle_leaves (
  leaf     bigint PRIMARY KEY,
  position bigint NOT NULL,
  entry    bytea  NOT NULL
);
CREATE INDEX IF NOT EXISTS merkle_leaves_position ON ${quotedSchema}.merkle_leaves (position);

CREATE TABLE IF NOT EXISTS ${quotedSchema}.merkle_nodes (
  level smallint NOT NULL,
  idx   bigint   NOT NULL,
  hash  bytea    NOT NULL,
  PRIMARY KEY (level, idx)
);`;

/** An ISO moment as the engine writes it; anything else in a hand-written `DeadlineSet` means "check it now". */
const ISO_MOMENT = `'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?Z$'`;
const warnAtOf = (row: string) =>
  `CASE WHEN "${row}".event->'data'->>'warnAt' ~ ${ISO_MOMENT} THEN ("${row}".event->'data'->>'warnAt')::timestamptz ELSE 'epoch'::timestamptz END`;

/**
 * Each stream's next due moment, which the deadline ticker reads through the
 * index on `due_at` (`dueMoments`): one row a stream, its moment (null: nothing
 * due) and the version it was known at. Appends set it in the same statement; a
 * trigger brings it forward to the `warnAt` of any `DeadlineSet` inserted by a
 * writer that gave no moment (an older release, an import), and when the trigger
 * is first made the rows are filled from the log in the same transaction, so no
 * event is missed. Additive and idempotent.
 *
 * @example
 * await pool.query(dueMomentsSql('"redress"'));
 */
export const dueMomentsSql = (quotedSchema: string): string => `CREATE TABLE IF NOT EXISTS ${quotedSchema}.due_moments (
  stream_id text        PRIMARY KEY,
  due_at    timestamptz,
  version   integer     NOT NULL
);
CREATE INDEX IF NOT EXISTS due_moments_due ON ${quotedSchema}.due_moments (due_at, stream_id) WHERE due_at IS NOT NULL;

CREATE OR REPLACE FUNCTION ${quotedSchema}.due_from_deadline_set() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO ${quotedSchema}.due_moments AS "d" (stream_id, due_at, version)
  VALUES ("new".stream_id, ${warnAtOf('new')}, "new".version)
  ON CONFLICT (stream_id) DO UPDATE SET due_at = LEAST("d".due_at, "excluded".due_at), version = "excluded".version
  WHERE "d".version < "excluded".version;
  RETURN NULL;
END
$fn$;

DO $do$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'events_due_moment' AND tgrelid = '${quotedSchema}.events'::regclass) THEN
    CREATE TRIGGER events_due_moment AFTER INSERT ON ${quotedSchema}.events
      FOR EACH ROW WHEN ("new".type = 'DeadlineSet') EXECUTE FUNCTION ${quotedSchema}.due_from_deadline_set();
    -- The log written before: the earliest warning each stream was ever set, checked at the first tick.
    INSERT INTO ${quotedSchema}.due_moments (stream_id, due_at, version)
    SELECT "e".stream_id, min(${warnAtOf('e')}), max("e".version) FROM ${quotedSchema}.events "e"
    WHERE "e".type = 'DeadlineSet' GROUP BY "e".stream_id
    ON CONFLICT (stream_id) DO NOTHING;
  END IF;
END
$do$;`;

/**
 * The SQL that creates a Redress store in `schema` (default `redress`): events,
 * outbox, checkpoints, meta, the Merkle tree, the due moments, and the function
 * that hands out global positions.
 * Idempotent. For DBAs who apply migrations themselves, with
 * `postgresStore({ createSchema: false })`.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('migrations/001_redress.sql', schemaSql('redress'));
 */
export const schemaSql = (schema = 'redress'): string =>
  `CREATE SCHEMA IF NOT EXISTS ${quoteSchema(schema)};\n\n${storeTablesSql(schema)}`;

/**
 * The tables and function of {@link schemaSql} alone, for a schema that exists:
 * `CREATE SCHEMA` needs the database's CREATE privilege even when the schema is
 * there, which a tenant's role (owner of its schema only) does not have.
 */
export const storeTablesSql = (schema: string): string => {
  const quotedSchema = quoteSchema(schema);
  const literal = `'${schema}'`;
  return `CREATE TABLE IF NOT EXISTS ${quotedSchema}.meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);

-- Global positions. Handed out by reserve_positions() only, never by a column default.
CREATE SEQUENCE IF NOT EXISTS ${quotedSchema}.position_seq AS bigint;

CREATE TABLE IF NOT EXISTS ${quotedSchema}.events (
  position       bigint      PRIMARY KEY,
  -- The writing transaction; readAll yields a row only once every older writer has finished.
  tx_id          xid8        NOT NULL DEFAULT pg_current_xact_id(),
  stream_id      text        NOT NULL,
  version        integer     NOT NULL,
  event_id       text        NOT NULL,
  type           text        NOT NULL,
  schema_version integer     NOT NULL,
  occurred_at    timestamptz NOT NULL,
  -- The whole recorded event (without position), stored verbatim: json, not jsonb.
  event          json        NOT NULL,
  CONSTRAINT events_stream_version UNIQUE (stream_id, version)
);

CREATE TABLE IF NOT EXISTS ${quotedSchema}.outbox (
  seq          bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
  id           text        PRIMARY KEY,
  stream_id    text        NOT NULL,
  event_id     text        NOT NULL,
  channel      text        NOT NULL,
  payload      json        NOT NULL,
  status       text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
  available_at timestamptz NOT NULL,
  attempts     integer     NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL,
  claimed_by   text,
  lease_until  timestamptz,
  last_error   text,
  delivered_at timestamptz,
  -- Every settled delivery attempt, oldest first.
  history      json        NOT NULL DEFAULT '[]'
);
-- Outboxes created before the history existed gain it in place.
${addOutboxHistory(quotedSchema)}
CREATE INDEX IF NOT EXISTS outbox_due ON ${quotedSchema}.outbox (available_at, seq) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS outbox_stream ON ${quotedSchema}.outbox (stream_id, seq);

CREATE TABLE IF NOT EXISTS ${quotedSchema}.checkpoints (
  name       text        PRIMARY KEY,
  position   bigint      NOT NULL CHECK (position >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The Merkle tree over the events, extended after commit, in position order.
${merkleTables(quotedSchema)}

-- Each stream's next due moment, for the deadline ticker.
${dueMomentsSql(quotedSchema)}

-- Reserve n consecutive positions. Under a short advisory lock the writer takes its
-- transaction id and its positions together, so position order is transaction-id
-- order; the lock is released at once, before the insert and the commit, so
-- concurrent appends still share fsyncs (group commit).
CREATE OR REPLACE FUNCTION ${quotedSchema}.reserve_positions(n integer) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE
  first bigint;
BEGIN
  PERFORM pg_advisory_lock(${LOCK_CLASS}, hashtext(${literal}));
  PERFORM pg_current_xact_id();
  first := nextval('${quotedSchema}.position_seq');
  IF n > 1 THEN
    PERFORM setval('${quotedSchema}.position_seq', first + n - 1);
  END IF;
  PERFORM pg_advisory_unlock(${LOCK_CLASS}, hashtext(${literal}));
  RETURN first;
END
$fn$;

INSERT INTO ${quotedSchema}.meta (key, value) VALUES
  ('format', '${FORMAT}'),
  ('schema_version', '${SCHEMA_VERSION}')
ON CONFLICT (key) DO NOTHING;
`;
};
