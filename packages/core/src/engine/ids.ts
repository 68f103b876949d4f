import { randomBytes } from 'node:crypto';

/** Where the engine gets new ids from. Inject a deterministic one in tests. */
export interface IdGenerator {
  /** A new, time-ordered event id. */
  eventId(): string;
  /** A new complaint id. */
  complaintId(): string;
}

/**
 * A UUIDv7 (RFC 9562): 48 bits of milliseconds, then random bits, so ids sort by time.
 *
 * @example
 * uuidv7(new Date()); // '01936b2e-8c4a-7d3f-9a12-4be0c1d2e3f4'
 */
export const uuidv7 = (now: Date): string => {
  const bytes = randomBytes(16);
  const ms = BigInt(now.getTime());
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * UUIDv7 event ids and `C-`-prefixed complaint ids, timed by `clock`.
 *
 * @example
 * const ids = uuidIds(() => new Date());
 */
export const uuidIds = (clock: () => Date): IdGenerator => ({
  eventId: () => uuidv7(clock()),
  complaintId: () => `C-${uuidv7(clock())}`,
});

/**
 * Predictable ids (`C-1`, `E-1`, …) for tests and examples.
 *
 * @example
 * createEngine({ store, ids: sequentialIds() });
 */
export const sequentialIds = (): IdGenerator => {
  let events = 0;
  let complaints = 0;
  return {
    eventId: () => `E-${++events}`,
    complaintId: () => `C-${++complaints}`,
  };
};
