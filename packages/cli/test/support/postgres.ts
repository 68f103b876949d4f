import pg from 'pg';

// One probe of the server for every package's tests: the store's own test gate.
export { PG_URL, unreachable } from '../../../store-postgres/src/testing/pgTest';
import { PG_URL } from '../../../store-postgres/src/testing/pgTest';

/** Run SQL on the test database. */
export const sql = async (text: string, params: unknown[] = []): Promise<pg.QueryResultRow[]> => {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
};

/** The URL the CLI gets for a schema. */
export const urlFor = (schema: string): string => `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`;
