import {
  ERASED,
  RedressError,
  checkSubjectId,
  pendingErasureFrom,
  type KeyReplacement,
  type PendingErasure,
  type SubjectIndex,
  type KeyStore,
  type WrappedKey,
} from '@redress/core';
import { isRecord, optionChecks, shownValue } from '@redress/core/store-kit';
import { SYNC_BUSY_MS, withBusyRetry } from '../busyRetry';
import { guard } from '../driverErrors';
import { openKeyFile } from './openKeyFile';

/**
 * Options of {@link sqliteKeyStore}.
 *
 * @example
 * const options: SqliteKeyStoreOptions = { path: keyFileBeside('complaints.db'), busyTimeoutMs: 10_000 };
 */
export interface SqliteKeyStoreOptions {
  /**
   * The key file; created if it does not exist. A file of its own: an event-store
   * file is refused, so a copy of the events is never a copy of the keys.
   */
  readonly path: string;
  /** How long a writer waits for another process's lock before failing: 0 to 3,600,000 ms. Default 5000. */
  readonly busyTimeoutMs?: number;
}

/**
 * The SQLite key store: the core `KeyStore` port, the file it writes, and `close`.
 *
 * @example
 * const store: SqliteKeyStore = sqliteKeyStore({ path: 'complaints.keys.db' });
 * console.log(store.path); // 'complaints.keys.db'
 */
export interface SqliteKeyStore extends KeyStore {
  readonly path: string;
  readonly index: SubjectIndex;
  close(): Promise<void>;
}

const check = optionChecks('sqliteKeyStore');

const checkPath = (path: unknown): string => {
  if (typeof path !== 'string' || path.trim() === '' || path.includes('\0')) {
    throw check.refuse(
      'path',
      `path must name the key file, e.g. sqliteKeyStore({ path: 'complaints.keys.db' }), got ${shownValue(path)}`,
    );
  }
  if (path === ':memory:' || path.startsWith('file:')) {
    throw check.refuse(
      'path',
      `path must be a plain file path; for keys that live in memory only use memoryKeyStore() from @redress/core, got ${shownValue(path)}`,
    );
  }
  return path;
};

type Row = { kek_id: string | null; wrapped: Buffer | null; erased_at: string | null };

const toRecord = (row: Row | undefined) => {
  if (row === undefined) return undefined;
  if (row.erased_at !== null) return ERASED;
  return Object.freeze({ kekId: row.kek_id as string, wrapped: new Uint8Array(row.wrapped as Buffer) }) as WrappedKey;
};

/**
 * A key store in a SQLite file of its own (WAL, `synchronous=FULL`). Several
 * processes may share the file. Destroying a key overwrites its bytes (SQLite's
 * `secure_delete`) and then checkpoints and truncates the write-ahead log, so
 * the wrapped key is gone from the file and from its `-wal`, not just hidden;
 * an erased subject's row stays as the erasure fence, guarded by triggers.
 * Options are checked before the file is touched.
 *
 * @example
 * import { secretKek, subjectKeys } from '@redress/core';
 * import { keyFileBeside, sqliteKeyStore } from '@redress/store-sqlite';
 * const keys = subjectKeys({
 *   store: sqliteKeyStore({ path: keyFileBeside('complaints.db') }), // complaints.keys.db
 *   kek: secretKek(process.env.REDRESS_KEK),
 * });
 */
export const sqliteKeyStore = (options: SqliteKeyStoreOptions): SqliteKeyStore => {
  if (!isRecord(options))
    throw check.refuse(
      'path',
      `sqliteKeyStore takes an options object, e.g. sqliteKeyStore({ path: 'complaints.keys.db' }), got ${shownValue(options)}`,
    );
  const path = checkPath(options.path);
  const busyTimeoutMs = check.count(options, 'busyTimeoutMs', { min: 0, max: 3_600_000 }, 5000);
  const db = openKeyFile(path, busyTimeoutMs);
  // From here on writes wait for the lock asynchronously (see withBusyRetry).
  db.pragma(`busy_timeout = ${Math.min(busyTimeoutMs, SYNC_BUSY_MS)}`);
  const write = <T>(work: () => T) => withBusyRetry(path, busyTimeoutMs, work);

  const select = db.prepare<[string], Row>('SELECT kek_id, wrapped, erased_at FROM subject_keys WHERE subject_id = ?');
  const insert = db.prepare(
    'INSERT INTO subject_keys (subject_id, kek_id, wrapped, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (subject_id) DO NOTHING',
  );
  const tombstone = db.prepare(
    `INSERT INTO subject_keys (subject_id, created_at, erased_at) VALUES (?, ?, ?)
     ON CONFLICT (subject_id) DO UPDATE SET kek_id = NULL, wrapped = NULL, erased_at = coalesce(erased_at, excluded.erased_at)`,
  );
  const insertAndRead = db.transaction((subjectId: string, record: WrappedKey) => {
    insert.run(subjectId, record.kekId, Buffer.from(record.wrapped), new Date().toISOString());
    return select.get(subjectId);
  });
  const listing = db.prepare<
    { kek: string | null; after: string; limit: number },
    { subject_id: string; kek_id: string; wrapped: Buffer }
  >(
    'SELECT subject_id, kek_id, wrapped FROM subject_keys WHERE (@kek IS NULL OR kek_id = @kek) AND erased_at IS NULL AND subject_id > @after ORDER BY subject_id LIMIT @limit',
  );
  const swap = db.prepare(
    'UPDATE subject_keys SET kek_id = ?, wrapped = ? WHERE subject_id = ? AND erased_at IS NULL AND kek_id = ? AND wrapped = ?',
  );
  // One transaction for the batch: a crash leaves all of it or none, each key under one of the two KEKs.
  const replaceAll = db.transaction((changes: readonly KeyReplacement[]) =>
    changes.map(
      ({ subjectId, expected, next }) =>
        swap.run(next.kekId, Buffer.from(next.wrapped), subjectId, expected.kekId, Buffer.from(expected.wrapped))
          .changes === 1,
    ),
  );
  const unpend = db.prepare('DELETE FROM pending_erasures WHERE subject_id = ?');
  const erase = db.transaction((subjectId: string) => {
    const now = new Date().toISOString();
    tombstone.run(subjectId, now, now);
    unpend.run(subjectId);
  });
  const linkOne = db.prepare(
    'INSERT INTO subject_complaints (subject_id, complaint_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  const linkAll = db.transaction((links: readonly { subjectId: string; complaintId: string }[]) => {
    for (const { subjectId, complaintId } of links) linkOne.run(subjectId, complaintId);
  });
  const complaintsOf = db
    .prepare<[string], string>('SELECT complaint_id FROM subject_complaints WHERE subject_id = ? ORDER BY seq')
    .pluck();
  const pend = db.prepare(
    `INSERT INTO pending_erasures (subject_id, erasure)
     SELECT @subject, @erasure WHERE NOT EXISTS (SELECT 1 FROM subject_keys WHERE subject_id = @subject AND erased_at IS NOT NULL)
     ON CONFLICT (subject_id) DO UPDATE SET erasure = excluded.erasure`,
  );
  const pending = db.prepare<[], { erasure: string }>('SELECT erasure FROM pending_erasures ORDER BY subject_id');
  const flag = db.prepare<[], string>("SELECT value FROM meta WHERE key = 'subject_index'").pluck();
  const setFlag = db.prepare(
    "INSERT INTO meta (key, value) VALUES ('subject_index', 'complete') ON CONFLICT (key) DO UPDATE SET value = 'complete'",
  );
  const index: SubjectIndex = {
    async link(links) {
      for (const { subjectId } of links) checkSubjectId(subjectId, 'sqliteKeyStore.index.link');
      if (links.length > 0) await write(() => linkAll.immediate(links));
    },
    async complaintsOf(subjectId) {
      return guard(path, () => complaintsOf.all(subjectId));
    },
    async beginErasure(erasure) {
      checkSubjectId(erasure.subjectId, 'sqliteKeyStore.index.beginErasure');
      await write(() => pend.run({ subject: erasure.subjectId, erasure: JSON.stringify(erasure) }));
    },
    async pendingErasures() {
      const rows = await guard(path, () => pending.all());
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
      return guard(path, () => flag.get() === 'complete');
    },
    async markComplete() {
      await write(() => setFlag.run());
    },
  };

  /** Move the log into the file and truncate it, so no old page (with the key) is left in the -wal. */
  const wipeLog = () => {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (result !== undefined && result.busy !== 0) {
      // Another connection is reading an older snapshot; withBusyRetry waits and tries again.
      throw Object.assign(new Error('the write-ahead log is in use by another connection'), { code: 'SQLITE_BUSY' });
    }
  };

  return {
    path,
    index,
    async insert(subjectId, record) {
      checkSubjectId(subjectId, 'sqliteKeyStore.insert');
      const held = toRecord(await write(() => insertAndRead.immediate(subjectId, record)));
      if (held === undefined)
        throw new RedressError(
          'STORE_UNAVAILABLE',
          `The key file ${path} lost the row of subject ${subjectId} just written; try again`,
          { path, subjectId },
        );
      return held;
    },
    async fetch(subjectId) {
      checkSubjectId(subjectId, 'sqliteKeyStore.fetch');
      return guard(path, () => toRecord(select.get(subjectId)));
    },
    async destroy(subjectId) {
      checkSubjectId(subjectId, 'sqliteKeyStore.destroy');
      await write(() => erase.immediate(subjectId));
      try {
        await write(wipeLog);
      } catch (error) {
        throw new RedressError(
          'STORE_UNAVAILABLE',
          `The key of subject ${subjectId} is destroyed and can no longer be used, but its old bytes could not yet be wiped from ${path}-wal (another connection kept reading); call destroy again to finish, it is safe to repeat`,
          { path, subjectId },
          { cause: error },
        );
      }
    },
    async list({ kekId, after, limit }) {
      return guard(path, () =>
        listing.all({ kek: kekId ?? null, after: after ?? '', limit }).map((row) => ({
          subjectId: row.subject_id,
          record: Object.freeze({ kekId: row.kek_id, wrapped: new Uint8Array(row.wrapped) }),
        })),
      );
    },
    async replace(changes) {
      for (const { subjectId } of changes) checkSubjectId(subjectId, 'sqliteKeyStore.replace');
      const done = await write(() => replaceAll.immediate(changes));
      // The old wrappings leave the -wal too, so a copy of the file holds the keys under the new KEK only;
      // when a reader holds the log, they go at the next checkpoint instead.
      try {
        wipeLog();
      } catch {
        // Busy: a reader holds the log; the next checkpoint moves it into the file.
      }
      return done;
    },
    async close() {
      if (db.open) db.close();
    },
  };
};
