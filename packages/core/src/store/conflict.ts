import { RedressError } from '../errors/redressError';

/**
 * The error every store throws when `expectedVersion` does not match.
 *
 * @example
 * if (current !== options.expectedVersion) throw versionConflict(streamId, options.expectedVersion, current);
 */
export const versionConflict = (streamId: string, expectedVersion: number, actualVersion: number) =>
  new RedressError(
    'CONFLICT',
    expectedVersion === 0
      ? `Stream ${streamId} already exists (version ${actualVersion}); load it and retry`
      : `Stream ${streamId} is at version ${actualVersion}, not ${expectedVersion}; load it again and retry`,
    { streamId, expectedVersion, actualVersion },
  );

/**
 * Check an append's arguments the same way in every store.
 *
 * @example
 * checkAppendArgs(streamId, events, options.expectedVersion); // throws a VALIDATION RedressError if they are wrong
 */
export const checkAppendArgs = (
  streamId: string,
  events: readonly { streamId: string; version: number }[],
  expectedVersion: number,
) => {
  if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
    throw new RedressError('VALIDATION', `expectedVersion must be a whole number ≥ 0, got ${String(expectedVersion)}`);
  }
  if (events.length === 0) throw new RedressError('VALIDATION', 'append needs at least one event');
  events.forEach((e, i) => {
    if (e.streamId !== streamId) {
      throw new RedressError('VALIDATION', `Event ${i} belongs to stream ${e.streamId}, not ${streamId}`);
    }
    if (e.version !== expectedVersion + i + 1) {
      throw new RedressError('VALIDATION', `Event ${i} has version ${e.version}; expected ${expectedVersion + i + 1}`);
    }
  });
};
