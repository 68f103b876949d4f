import { RedressError } from '@redress/core';
import { describe, expect, test } from 'vitest';
import { guarded, isConnectionError, storeFailure } from './pgErrors';

const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

describe('driver errors', () => {
  test.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset socket', withCode('ECONNRESET')],
    [
      'a backend terminated by an administrator',
      withCode('57P01', 'terminating connection due to administrator command'),
    ],
    ['a server starting up', withCode('57P03')],
    ['too many connections', withCode('53300')],
    ['a connection-exception SQLSTATE', withCode('08006')],
    ['the driver seeing the socket close', new Error('Connection terminated unexpectedly')],
    ['a pool timing out', new Error('timeout exceeded when trying to connect')],
    [
      'several addresses all refusing',
      Object.assign(new AggregateError([withCode('ECONNREFUSED')]), { code: undefined }),
    ],
  ])('%s is a connection error', (_what, error) => {
    expect(isConnectionError(error)).toBe(true);
  });

  test.each([
    ['a unique violation', withCode('23505')],
    ['a syntax error', withCode('42601')],
    ['a plain error', new Error('something else')],
    ['not an error', 'text'],
  ])('%s is not a connection error', (_what, error) => {
    expect(isConnectionError(error)).toBe(false);
  });

  test('storeFailure says what was being done, what happened and what to do, with the SQLSTATE', () => {
    const error = storeFailure(withCode('57P01', 'terminating connection'), 'appending to C-1', 'retry later');
    expect(error).toBeInstanceOf(RedressError);
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toMatch(
      /lost .* connection .* while appending to C-1 \(terminating connection, SQLSTATE 57P01\); retry later/,
    );
    expect(error.details).toEqual({ sqlState: '57P01', connection: true });
  });

  test('a RedressError passes through guarded unchanged', async () => {
    const original = new RedressError('CONFLICT', 'taken');
    await expect(guarded('x', 'y', () => Promise.reject(original))).rejects.toBe(original);
    await expect(
      guarded('reading', 'retry', () => Promise.reject(withCode('42P01', 'relation does not exist'))),
    ).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      details: { sqlState: '42P01', connection: false },
    });
  });
});
