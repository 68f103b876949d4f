import {
  checkSubjectId,
  ERASED,
  pendingErasureFrom,
  RedressError,
  type KeyStore,
  type PendingErasure,
  type SubjectIndex,
  type WrappedKey,
} from '@redress/core';
import pg from 'pg';
import { guarded, RETRY_LATER, storeFailure } from '../errors/pgErrors';
import { quoteSchema } from '../schema/ddl';
import { ensureKeyTable } from './ensureKeyTable';
import { checkKeyStoreOptions, type PostgresKeyStoreOptions } from './keyStoreOptions';

type Row = { kek_id: string | null; wrapped: Buffer | null; erased_at: Date | null };

const toRecord = (row: Row | undefined) => {
  if (row === undefined) return undefined;
  if (row.erased_at !== null) return ERASED;
  return Object.freeze({ kekId: row.kek_id as string, wrapped: new Uint8Array(row.wrapped as Buffer) }) as WrappedKey;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Wait (at most `ms`) until every transaction that began before `xid` has ended.
 * A vacuum removes a row version only once no transaction may still see it, so
 * one run while an older writer is open would leave the destroyed key's old
 * version in place until the next vacuum.
 */
const waitForOlderTransactions = async (pool: pg.Pool, xid: string, ms: number): Promise<boolean> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const { rows } = await guarded('waiting for older transactions before the vacuum', RETRY_LATER, () =>
      // Older writers (running xids), and older snapshots of any session in this database (a read-only
      // transaction has a snapshot but no xid): VACUUM must keep a row version either may still see.
      pool.query<{ done: boolean }>(
        `SELECT pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8
            AND NOT EXISTS (
              SELECT 1 FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL
                AND age(backend_xmin) >= age(xid($1::xid8))) AS done`,
        [xid],
      ),
    );
    if (rows[0]?.done === true) return true;
    if (Date.now() >= deadline) return false;
    await sleep(10);
  }
};

/**
 * The PostgreSQL key store: the core `KeyStore` port, its schema, and `close`.
 *
 * @example
 * const store: PostgresKeyStore = postgresKeyStore({ pool });
 * console.log(store.schema); // 'redress_keys'
 */
export interface PostgresKeyStore extends KeyStore {
  readonly schema: string;
  readonly index: SubjectIndex;
  close(): Promise<void>;
}

/**
 * A key store in a PostgreSQL table of its own (`subject_keys`, in schema
 * `redress_keys` by default), optionally in another database through a pool
 * of its own. Inserts are single `ON CONFLICT DO NOTHING` statements, so
 * instances racing for one subject agree on one key. Destroying a key clears
 * its bytes, keeps the row as the erasure fence (guarded by a trigger) and, by
 * default, vacuums the table once older transactions have ended, so the old
 * row version leaves the table's pages. (PostgreSQL's write-ahead log and
 * backups keep copies until they age out: see docs/privacy.md.) Options are
 * checked before any connection is made.
 *
 * @example
 * import { secretKek, subjectKeys } from '@redress/core';
 * import { postgresKeyStore } from '@redress/store-postgres';
 * const keys = subjectKeys({
 *   store: postgresKeyStore({ connectionString: process.env.KEYS_DATABASE_URL }),
 *   kek: secretKek(process.env.REDRESS_KEK),
 * });
 */
export const postgresKeyStore = (options: PostgresKeyStoreOptions): PostgresKeyStore => {
  const { database, schema, createSchema, vacuumOnDestroy, vacuumWaitMs } = checkKeyStoreOptions(options);
  const table = `${quoteSchema(schema)}.subject_keys`;
  const owned = !('pool' in database);
  const pool =
    'pool' in database
      ? database.pool
      : new pg.Pool({ connectionString: database.connectionString, max: database.maxConnections });
  // An idle client whose connection dies emits 'error' on the pool; the next query reports it.
  if (owned) pool.on('error', () => {});

  const s = quoteSchema(schema);
  let setup: Promise<number> | undefined;
  const ready = (): Promise<number> => {
    setup ??= ensureKeyTable(pool, schema, createSchema).catch((error: unknown) => {
      setup = undefined; // try again on the next call: the server may be back by then
      throw storeFailure(error, `preparing the key table ${schema}.subject_keys`, RETRY_LATER);
    });
    return setup;
  };
  const run = async (doing: string, sql: string, params: unknown[]) => {
    await ready();
    return guarded(doing, RETRY_LATER, () => pool.query<Row>(sql, params));
  };

  const query = async <R extends pg.QueryResultRow>(doing: string, sql: string, params: unknown[]) =>
    guarded(doing, RETRY_LATER, () => pool.query<R>(sql, params));
  /** Whether the table has the subject index: a version 1 table kept by its DBA (createSchema false) has not. */
  const indexed = async () => (await ready()) >= 2;
  const index: SubjectIndex = {
    async link(links) {
      for (const { subjectId } of links) checkSubjectId(subjectId, 'postgresKeyStore.index.link');
      if (links.length === 0 || !(await indexed())) return;
      await query(
        `linking ${links.length} complaints to their subjects`,
        `INSERT INTO ${s}.subject_complaints (subject_id, complaint_id)
         SELECT l.subject_id, l.complaint_id FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS l(subject_id, complaint_id, n) ORDER BY l.n
         ON CONFLICT DO NOTHING`,
        [links.map((l) => l.subjectId), links.map((l) => l.complaintId)],
      );
    },
    async complaintsOf(subjectId) {
      if (!(await indexed())) return [];
      const { rows } = await query<{ complaint_id: string }>(
        `reading the complaints of subject ${subjectId}`,
        `SELECT complaint_id FROM ${s}.subject_complaints WHERE subject_id = $1 ORDER BY seq`,
        [subjectId],
      );
      return rows.map((r) => r.complaint_id);
    },
    async beginErasure(erasure) {
      checkSubjectId(erasure.subjectId, 'postgresKeyStore.index.beginErasure');
      if (!(await indexed())) return;
      await query(
        `recording the erasure of subject ${erasure.subjectId}`,
        `INSERT INTO ${s}.pending_erasures (subject_id, erasure)
         SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM ${table} WHERE subject_id = $1 AND erased_at IS NOT NULL)
         ON CONFLICT (subject_id) DO UPDATE SET erasure = excluded.erasure`,
        [erasure.subjectId, JSON.stringify(erasure)],
      );
    },
    async pendingErasures() {
      if (!(await indexed())) return [];
      const { rows } = await query<{ erasure: string }>(
        'reading the erasures begun',
        `SELECT erasure FROM ${s}.pending_erasures ORDER BY subject_id COLLATE "C"`,
        [],
      );
      return rows.flatMap((row) => {
        let erasure: PendingErasure | undefined;
        try {
          erasure = pendingErasureFrom(JSON.parse(row.erasure));
        } catch {
          erasure = undefined; // Not ours to finish: a row nobody but a hand could have written.
        }
        return erasure === undefined ? [] : [erasure];
      });
    },
    async complete() {
      if (!(await indexed())) return false;
      const { rows } = await query<{ value: string }>(
        'reading the subject index mark',
        `SELECT value FROM ${s}.key_store_meta WHERE key = 'subject_index'`,
        [],
      );
      return rows[0]?.value === 'complete';
    },
    async markComplete() {
      if (!(await indexed())) return;
      await query(
        'marking the subject index filled',
        `INSERT INTO ${s}.key_store_meta (key, value) VALUES ('subject_index', 'complete') ON CONFLICT (key) DO UPDATE SET value = 'complete'`,
        [],
      );
    },
  };

  /** Remove dead row versions (destroyed keys, old wrappings) from the table's pages, once older transactions ended. */
  const vacuum = async (xid: string, doing: string, advice: string) => {
    const clear = await waitForOlderTransactions(pool, xid, vacuumWaitMs);
    // FREEZE makes the vacuum wait for a page another session has pinned instead of passing it by,
    // so the dead row version is pruned even while other instances read the table.
    await guarded(doing, advice, () => pool.query(`VACUUM (FREEZE) ${table}`));
    // A transaction older than the change still sees the old row version, so the vacuum had to keep it:
    // say so rather than promise bytes gone that may not be.
    if (!clear)
      throw new RedressError(
        'STORE_UNAVAILABLE',
        `PostgreSQL key store: ${doing} could not finish: a transaction older than the change was still open after ${vacuumWaitMs} ms (vacuumWaitMs); ${advice}`,
        { code: 'VACUUM_WAIT' },
      );
  };

  return {
    schema,
    index,
    async list({ kekId, after, limit }) {
      const { rows } = await run(
        'listing the stored keys',
        `SELECT subject_id, kek_id, wrapped, erased_at FROM ${table}
         WHERE ($1::text IS NULL OR kek_id = $1) AND erased_at IS NULL AND subject_id COLLATE "C" > $2 ORDER BY subject_id COLLATE "C" LIMIT $3`,
        [kekId ?? null, after ?? '', limit],
      );
      return (rows as (Row & { subject_id: string })[]).map((row) => ({
        subjectId: row.subject_id,
        record: toRecord(row) as WrappedKey,
      }));
    },
    async replace(changes) {
      for (const { subjectId } of changes) checkSubjectId(subjectId, 'postgresKeyStore.replace');
      if (changes.length === 0) return [];
      // One statement: the whole batch or none of it. A row destroyed meanwhile no longer matches (nor would the fence let it).
      const { rows } = await run(
        `re-wrapping ${changes.length} keys`,
        `WITH c AS (
           SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::text[], $5::bytea[])
             AS c(subject_id, old_kek, old_wrapped, new_kek, new_wrapped))
         UPDATE ${table} AS k SET kek_id = c.new_kek, wrapped = c.new_wrapped FROM c
         WHERE k.subject_id = c.subject_id AND k.erased_at IS NULL AND k.kek_id = c.old_kek AND k.wrapped = c.old_wrapped
         RETURNING k.subject_id, pg_current_xact_id()::text AS xid`,
        [
          changes.map((c) => c.subjectId),
          changes.map((c) => c.expected.kekId),
          changes.map((c) => Buffer.from(c.expected.wrapped)),
          changes.map((c) => c.next.kekId),
          changes.map((c) => Buffer.from(c.next.wrapped)),
        ],
      );
      const done = new Set((rows as unknown as { subject_id: string }[]).map((r) => r.subject_id));
      const xid = (rows[0] as unknown as { xid?: string } | undefined)?.xid;
      if (vacuumOnDestroy && xid !== undefined)
        await vacuum(
          xid,
          `vacuuming ${schema}.subject_keys after re-wrapping keys`,
          "the keys are re-wrapped, but their old wrappings stay in the table's pages until a vacuum runs; run VACUUM on the table",
        );
      return changes.map((c) => done.has(c.subjectId));
    },
    async insert(subjectId, record) {
      checkSubjectId(subjectId, 'postgresKeyStore.insert');
      // One statement: the row we wrote, or else the one already there.
      const { rows } = await run(
        `storing the key of subject ${subjectId}`,
        `WITH written AS (
           INSERT INTO ${table} (subject_id, kek_id, wrapped) VALUES ($1, $2, $3)
           ON CONFLICT (subject_id) DO NOTHING RETURNING kek_id, wrapped, erased_at)
         SELECT kek_id, wrapped, erased_at FROM written
         UNION ALL SELECT kek_id, wrapped, erased_at FROM ${table} WHERE subject_id = $1 AND NOT EXISTS (SELECT 1 FROM written)`,
        [subjectId, record.kekId, Buffer.from(record.wrapped)],
      );
      const held = toRecord(rows[0]);
      // A concurrent insert that committed after our snapshot: its row is visible to a new statement.
      if (held !== undefined) return held;
      const again = await run(
        `reading the key of subject ${subjectId}`,
        `SELECT kek_id, wrapped, erased_at FROM ${table} WHERE subject_id = $1`,
        [subjectId],
      );
      const found = toRecord(again.rows[0]);
      if (found === undefined)
        throw new RedressError(
          'STORE_UNAVAILABLE',
          `The key table lost the row of subject ${subjectId} just written; try again`,
          { subjectId },
        );
      return found;
    },
    async fetch(subjectId) {
      checkSubjectId(subjectId, 'postgresKeyStore.fetch');
      const { rows } = await run(
        `reading the key of subject ${subjectId}`,
        `SELECT kek_id, wrapped, erased_at FROM ${table} WHERE subject_id = $1`,
        [subjectId],
      );
      return toRecord(rows[0]);
    },
    async destroy(subjectId) {
      checkSubjectId(subjectId, 'postgresKeyStore.destroy');
      const { rows } = await run(
        `destroying the key of subject ${subjectId}`,
        (await indexed())
          ? `WITH unpend AS (DELETE FROM ${s}.pending_erasures WHERE subject_id = $1)
             INSERT INTO ${table} (subject_id, erased_at) VALUES ($1, now())
             ON CONFLICT (subject_id) DO UPDATE SET kek_id = NULL, wrapped = NULL, erased_at = coalesce(${table}.erased_at, excluded.erased_at)
             RETURNING pg_current_xact_id()::text AS xid`
          : `INSERT INTO ${table} (subject_id, erased_at) VALUES ($1, now())
             ON CONFLICT (subject_id) DO UPDATE SET kek_id = NULL, wrapped = NULL, erased_at = coalesce(${table}.erased_at, excluded.erased_at)
             RETURNING pg_current_xact_id()::text AS xid`,
        [subjectId],
      );
      if (vacuumOnDestroy)
        await vacuum(
          (rows[0] as unknown as { xid: string }).xid,
          `vacuuming ${schema}.subject_keys after destroying the key of subject ${subjectId}`,
          "the key is destroyed and can no longer be used, but its old row version stays in the table's pages until a vacuum runs; call destroy again (it is safe to repeat) to finish",
        );
    },
    async close() {
      if (owned && !pool.ended) await pool.end();
    },
  };
};
