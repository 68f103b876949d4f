import {
  RedressError,
  type CheckpointTable,
  type Checkpoints,
  type DueMoments,
  type EventStore,
  type Leases,
  type MerkleLog,
  type Upcasters,
} from '@redress/core';
import pg from 'pg';
import { pgCheckpointNotes } from './checkpointNotes/pgCheckpointNotes';
import { checkOptions } from './checkOptions';
import { pgDueMoments } from './due/pgDueMoments';
import { appendEvents } from './events/appendEvents';
import { readEvents } from './events/readEvents';
import { guarded, RETRY_LATER, storeFailure } from './errors/pgErrors';
import { pgLeases } from './leases/pgLeases';
import { pgTree } from './merkle/pgTree';
import { pgOutbox } from './outbox/pgOutbox';
import { quoteSchema } from './schema/ddl';
import { ensureSchema } from './schema/ensureSchema';

/**
 * Options of {@link postgresStore}: where the database is (a pool or a connection
 * string), which schema, and whether the store may create its tables.
 *
 * @example
 * const options: PostgresStoreOptions = { connectionString: 'postgres://app@db/complaints', schema: 'redress', createSchema: false };
 */
export interface PostgresStoreOptions {
  /** A pool you own (the store never ends it): a `pg.Pool`, not a `pg.Client`. Give this or `connectionString`. */
  readonly pool?: pg.Pool;
  /** Let the store make (and on `close()` end) its own pool. A non-empty string. */
  readonly connectionString?: string;
  /** Size of the store's own pool (with `connectionString` only): 1 to 1,000. Default 10. */
  readonly maxConnections?: number;
  /** The PostgreSQL schema holding the tables. Default `redress`. */
  readonly schema?: string;
  /** Create the tables on first use when the schema is empty: `true` (default) or `false`, for DBAs who apply `schemaSql()` themselves. */
  readonly createSchema?: boolean;
  /** Lift events written with older schema versions. */
  readonly upcasters?: Upcasters;
  /** How long `readAll` waits for older writers still in flight before it ends early (it never skips): 0 to 3,600,000 ms. Default 5000. */
  readonly readAllWaitMs?: number;
  /** Rows fetched per query when reading: 1 to 100,000. Default 1000. */
  readonly pageSize?: number;
}

const ownPool = (connectionString: string, max: number): pg.Pool => {
  const pool = new pg.Pool({ connectionString, max });
  // An idle client whose server connection dies emits 'error' on the pool; without a
  // listener that would crash the process. The next query reports it as STORE_UNAVAILABLE.
  pool.on('error', () => {});
  return pool;
};

/** What `postgresStore` returns: an event store with its schema, its Merkle tree, and a `close()` to call. */
export interface PostgresStore extends EventStore {
  /** The PostgreSQL schema the store's tables are in. */
  readonly schema: string;
  readonly merkle: MerkleLog;
  /** The checkpoints signed of the log, one per origin and size (`storeSink`). */
  readonly checkpointNotes: CheckpointTable;
  /** Named leases across app instances (the publisher's single active instance). */
  readonly leases: Leases;
  /** Each complaint's next due moment, in a table with an index on it: what the deadline ticker reads. */
  readonly dueMoments: DueMoments;
  /** Ends the pool if the store made it; a pool you gave stays open. */
  close(): Promise<void>;
}

/**
 * A Redress event store on PostgreSQL, for several app instances sharing one
 * database. Creates its tables on first use (unless `createSchema: false`);
 * appends are single atomic statements; `readAll` never skips an event that
 * commits while a reader is paging. The Merkle tree takes in committed events
 * in position order when it is read (see `merkle`). Needs PostgreSQL 13 or newer. Options are
 * checked before any connection is made: a wrong one throws `VALIDATION`
 * naming it.
 *
 * @example
 * const store = postgresStore({ connectionString: process.env.DATABASE_URL });
 * const engine = createEngine({ store });
 * // … on shutdown:
 * await store.close();
 */
export const postgresStore = (options: PostgresStoreOptions): PostgresStore => {
  // Every option is checked before a connection is made: a refused store touches nothing.
  const { database, schema, createSchema, upcasters, pageSize, readAllWaitMs } = checkOptions(options);
  const quotedSchema = quoteSchema(schema);
  const pool = 'pool' in database ? database.pool : ownPool(database.connectionString, database.maxConnections);
  const owned = !('pool' in database);

  let setup: Promise<void> | undefined;
  const ready = (): Promise<void> => {
    setup ??= ensureSchema(pool, schema, createSchema).catch((error: unknown) => {
      setup = undefined; // try again on the next call: the server may be back by then
      throw storeFailure(error, `preparing schema "${schema}"`, RETRY_LATER);
    });
    return setup;
  };

  const append = appendEvents(pool, quotedSchema, ready);
  const reads = readEvents(pool, quotedSchema, { upcasters, pageSize, settleMs: readAllWaitMs }, ready);

  const checkpoints: Checkpoints = {
    async get(name) {
      await ready();
      const { rows } = await guarded(`reading checkpoint ${name}`, RETRY_LATER, () =>
        pool.query<{ position: string }>(`SELECT position FROM ${quotedSchema}.checkpoints WHERE name = $1`, [name]),
      );
      return rows[0] === undefined ? null : Number(rows[0].position);
    },
    async set(name, position) {
      if (!Number.isSafeInteger(position) || position < 0) {
        throw new RedressError('VALIDATION', `Checkpoint position must be a whole number ≥ 0, got ${String(position)}`);
      }
      await ready();
      await guarded(`setting checkpoint ${name}`, RETRY_LATER, () =>
        pool.query(
          `INSERT INTO ${quotedSchema}.checkpoints (name, position) VALUES ($1, $2)
           ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()`,
          [name, position],
        ),
      );
    },
  };

  return {
    schema,
    append,
    readStream: reads.readStream,
    readAll: reads.readAll,
    outbox: pgOutbox(pool, quotedSchema, ready, schema),
    checkpoints,
    merkle: pgTree(pool, quotedSchema, schema, readAllWaitMs, ready),
    checkpointNotes: pgCheckpointNotes(pool, quotedSchema, schema, ready),
    leases: pgLeases(pool, quotedSchema, schema, ready),
    dueMoments: pgDueMoments(pool, quotedSchema, ready),
    async close() {
      if (owned && !pool.ended) await pool.end();
    },
  };
};
