import { describe, expect, expectTypeOf, test } from 'vitest';
import { RedressError, isRedressError } from './redressError';
import type { ConflictDetails, NotAllowedDetails, RedressErrorDetails } from './errorDetails';

describe('RedressError', () => {
  test('carries its code, message, details and cause', () => {
    const cause = new Error('disk');
    const e = new RedressError(
      'CONFLICT',
      'Stream C-1 is at version 3, not 2',
      { streamId: 'C-1', expectedVersion: 2, actualVersion: 3 },
      { cause },
    );
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('RedressError');
    expect(e.code).toBe('CONFLICT');
    expect(e.details).toEqual({ streamId: 'C-1', expectedVersion: 2, actualVersion: 3 });
    expect(e.cause).toBe(cause);
  });

  test('the guard checks the shape, so an error from another copy of the package passes', () => {
    const foreign = Object.assign(new Error('No complaint C-9'), {
      name: 'RedressError',
      code: 'NOT_FOUND',
      details: { complaintId: 'C-9' },
    });
    expect(isRedressError(foreign)).toBe(true);
    expect(isRedressError(foreign, 'NOT_FOUND')).toBe(true);
    expect(isRedressError(foreign, 'CONFLICT')).toBe(false);
    // Details survive a structured clone (a worker thread, a log line read back).
    expect(structuredClone({ details: foreign.details }).details).toEqual({ complaintId: 'C-9' });
  });

  test('the guard refuses what only looks close', () => {
    for (const e of [
      null,
      undefined,
      'RedressError',
      new Error('x'),
      { name: 'RedressError' },
      { name: 'RedressError', code: 'NOPE' },
      { name: 'Other', code: 'CONFLICT' },
    ]) {
      expect(isRedressError(e)).toBe(false);
    }
  });

  test('a code narrows details to that code’s shape', () => {
    const e: unknown = new RedressError('NOT_ALLOWED', 'Cannot approveRemedy', {
      command: 'approveRemedy',
      stage: 'investigated',
      allowed: ['addNote'],
    });
    if (!isRedressError(e, 'NOT_ALLOWED')) throw new Error('expected NOT_ALLOWED');
    expectTypeOf(e.details).toEqualTypeOf<NotAllowedDetails | undefined>();
    expect(e.details?.allowed).toEqual(['addNote']);
    const c: unknown = e;
    if (isRedressError(c, 'CONFLICT')) expectTypeOf(c.details).toEqualTypeOf<ConflictDetails | undefined>();
    expectTypeOf<RedressErrorDetails['CONFLICT']>().toEqualTypeOf<ConflictDetails>();
    // @ts-expect-error: NOT_ALLOWED details name the command, the stage and the allowed commands
    expect(new RedressError('NOT_ALLOWED', 'x', { complaintId: 'C-1' }).code).toBe('NOT_ALLOWED');
    // @ts-expect-error: a field another code carries is no CONFLICT detail
    expect(new RedressError('CONFLICT', 'x', { option: 'store' }).code).toBe('CONFLICT');
  });
});
