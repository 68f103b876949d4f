import { isRedressError, type RedressError } from '@redress/core';
import pg from 'pg';
import { expect, test } from 'vitest';
import { postgresStore } from './postgresStore';
import { describePg, PG_URL } from './testing/pgTest';

const failureOf = async (url: URL): Promise<RedressError> => {
  const pool = new pg.Pool({ connectionString: url.href, max: 1 });
  pool.on('error', () => {});
  try {
    await collectNothing(postgresStore({ pool, schema: 'redress_refused' }).readAll());
  } catch (error) {
    expect(isRedressError(error, 'STORE_UNAVAILABLE'), String(error)).toBe(true);
    return error as RedressError;
  } finally {
    await pool.end();
  }
  throw new Error(`${url.href} was accepted`);
};

const collectNothing = async (events: AsyncIterable<unknown>) => {
  for await (const _ of events) break;
};

describePg('settings the server refuses are not outages', () => {
  test('a role the server does not know: refused "login", advice to check the user, not to retry', async () => {
    const url = new URL(PG_URL);
    url.username = 'no_such_role_redress';
    const error = await failureOf(url);
    expect(error.details).toMatchObject({ refused: 'login', sqlState: expect.stringMatching(/^28/) });
    expect(error.message).toContain('check the user name and password');
    expect(error.message).not.toContain('try again when');
  });

  test('a database that does not exist: refused "database"', async () => {
    const url = new URL(PG_URL);
    url.pathname = '/no_such_database_redress';
    const error = await failureOf(url);
    expect(error.details).toMatchObject({ refused: 'database', sqlState: '3D000' });
    expect(error.message).toContain('check the database name');
  });

  test('a server that is not there stays an outage: no refused, connection lost', async () => {
    const url = new URL(PG_URL);
    url.port = '1';
    const error = await failureOf(url);
    expect(error.details).toMatchObject({ connection: true });
    expect(error.details).not.toHaveProperty('refused');
  });
});
