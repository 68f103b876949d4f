import pg from 'pg';
import { RedressError, isRedressError, type EventStore } from '@redress/core';
import { postgresStore } from '@redress/store-postgres';
import { groupStreams, type KeyedRecord } from './groupStreams';
import { storedRaw, type Source } from './source';

const PAGE = 5000;

/**
 * The URL, or text meant as one, with whatever sits where a password could (the
 * user part's password, the secret parameters) shown as `***`, for messages.
 * Done on the text, so the rest of the URL reads as it was written. The secret
 * parameters: pg-connection-string hands every query parameter to pg, which
 * takes `password` as the password; `sslpassword` is libpq's passphrase of the
 * client key. `sslkey`, `sslcert` and `sslrootcert` name files, not secrets.
 */
const masked = (url: string): string =>
  url.replace(/(\/\/[^/@:]*:)[^/@]*@/, '$1***@').replace(/([?&](?:ssl)?password=)[^&#]*/gi, '$1***');

/** Split `?schema=` off the URL (it is ours, not libpq's) and hide the password for messages. */
export const parsePostgresUrl = (url: string, schemaFlag: string | undefined) => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedressError(
      'VALIDATION',
      `${masked(url)} is not a valid URL; write it as postgres://user@host:5432/database`,
    );
  }
  const schema = schemaFlag ?? parsed.searchParams.get('schema') ?? 'redress';
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.href, schema, label: `${masked(parsed.href)} (schema ${schema})` };
};

const unreachable = (label: string, error: unknown) => {
  if (isRedressError(error, 'VALIDATION') && error.details?.noStore === true)
    return new RedressError(
      'NOT_FOUND',
      `No Redress store in ${label}: the schema ${JSON.stringify(error.details.schema ?? 'redress')} does not exist or is empty; check the database and the schema (?schema= or --schema); \`redress import\` creates a store there`,
      { noStore: true, label },
      { cause: error },
    );
  if (isRedressError(error) && error.code !== 'STORE_UNAVAILABLE') return error;
  // The server answered and refused: the URL is wrong, not the network.
  const refused = isRedressError(error, 'STORE_UNAVAILABLE') ? error.details?.refused : undefined;
  const message = (error as Error).message;
  const text =
    refused === 'login'
      ? `PostgreSQL at ${label} refused the login: ${message}`
      : refused === 'database'
        ? `PostgreSQL at ${label} has no such database: ${message}`
        : refused === 'privilege'
          ? `PostgreSQL at ${label} denied this role access to the schema: ${message}`
          : `Cannot reach PostgreSQL at ${label}: ${message}; check that the server runs and the URL is right`;
  return new RedressError('STORE_UNAVAILABLE', text, { label, ...(refused ? { refused } : {}) }, { cause: error });
};

/**
 * A Redress store in a PostgreSQL schema. Reads page through the rows by
 * (stream, version) and take each event's JSON text verbatim; writes and the
 * outbox go through `postgresStore`.
 *
 * @example
 * const source = await postgresSource('postgres://postgres@127.0.0.1:5432/test?schema=redress', { create: false });
 */
export const postgresSource = async (
  url: string,
  options: { create: boolean; schema?: string | undefined },
): Promise<Source> => {
  const { connectionString, schema, label } = parsePostgresUrl(url, options.schema);
  const pool = new pg.Pool({ connectionString, max: 4, connectionTimeoutMillis: 5000 });
  pool.on('error', () => {});
  const store = postgresStore({ pool, schema, createSchema: options.create });
  const table = `"${schema}".events`;
  try {
    // Touches the schema: refuses one that is not a Redress store, creates it for import.
    await store.checkpoints.get('redress-cli');
  } catch (error) {
    await pool.end();
    throw unreachable(label, error);
  }
  const query = async <R extends pg.QueryResultRow>(sql: string, params: unknown[]) => {
    try {
      return (await pool.query<R>(sql, params)).rows;
    } catch (error) {
      throw unreachable(label, error);
    }
  };

  async function* records(streamId: string | undefined): AsyncIterable<KeyedRecord> {
    let after: [string, number] = ['', 0];
    for (;;) {
      const where =
        streamId === undefined
          ? '(stream_id, version) > ($1, $2)'
          : 'stream_id = $3 AND (stream_id, version) > ($1, $2)';
      const params: unknown[] = streamId === undefined ? after : [...after, streamId];
      const rows = await query<{ position: string; stream_id: string; version: number; body: string }>(
        `SELECT position, stream_id, version, event::text AS body FROM ${table} WHERE ${where} ORDER BY stream_id, version LIMIT ${PAGE}`,
        params,
      );
      for (const r of rows) yield { streamId: r.stream_id, raw: storedRaw(r.body, Number(r.position)) };
      const last = rows.at(-1);
      if (last === undefined || rows.length < PAGE) return;
      after = [last.stream_id, last.version];
    }
  }

  return {
    kind: 'postgres',
    label,
    async count() {
      const rows = await query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`, []);
      return Number(rows[0]?.n ?? 0);
    },
    streams: (filter = {}) => groupStreams(records(filter.streamId), label),
    log: () => ({ readAll: () => store.readAll(), merkle: store.merkle, outbox: store.outbox }),
    outbox: async (streamId) => store.outbox.list({ streamId }),
    store: (): EventStore => store,
    async close() {
      await pool.end();
    },
  };
};
