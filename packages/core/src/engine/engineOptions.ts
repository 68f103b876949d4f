import type { Complaint } from '../domain/complaint';
import type { RecordedEvent } from '../domain/envelope';
import { defaultPolicy, type Policy } from '../domain/policy';
import type { DeadlinePolicy } from '../deadlines/deadlineRules';
import type { EventStore, OutboxMessage } from '../store/eventStore';
import { optionChecks, shownValue } from '../store/optionChecks';
import type { IdGenerator } from './ids';
import { type ConflictRetry, DEFAULT_RETRY } from './retryOnConflict';
import { checkPrivacy, type CheckedPrivacy, type PrivacyOption } from './privacy/privacyOption';

/**
 * What `createEngine` takes: the store and, optionally, clock, policy, ids, cache and outbox settings.
 *
 * @example
 * const options: EngineOptions = { store: memoryStore(), clock: () => new Date(), maxAttempts: 10 };
 */
export interface EngineOptions {
  readonly store: EventStore;
  /** Where time comes from. Default: the system clock. */
  readonly clock?: () => Date;
  readonly policy?: Policy;
  readonly ids?: IdGenerator;
  /**
   * How many times a command is tried when another writer got to its complaint
   * first, waiting longer (with jitter) after each loss. Default 100.
   */
  readonly maxAttempts?: number;
  /** Milliseconds after a command's first try in which it may start another. Default 30,000. */
  readonly retryBudgetMs?: number;
  /** How many complaints to keep folded in memory. Default 10,000; 0 turns the cache off. */
  readonly cacheSize?: number;
  /** Messages to write to the outbox in the same append as the events (notifications). */
  readonly outbox?: (events: readonly RecordedEvent[], complaint: Complaint) => readonly OutboxMessage[];
  /** Deadline policy (see `deadlinePolicy`): clocks are computed when they start and recorded in `DeadlineSet`. */
  readonly deadlines?: DeadlinePolicy;
  /**
   * Personal data: `{ keys, policy? }` encrypts the policy's fields under each
   * complainant's data key; `'plaintext'` stores them in clear. Default: a
   * memory store encrypts under an ephemeral key; a durable store writes in
   * clear and warns once, naming the setting that fixes it.
   */
  readonly privacy?: PrivacyOption;
  /** With a store that keeps `dueMoments`: due complaints `tick` reads a page. 1 to 10,000; default 500. */
  readonly tickPageSize?: number;
  /**
   * With a store that keeps `dueMoments`: events of the log each tick sweeps on,
   * checking the stored moment of each complaint with a clock among them against
   * its events (so a moment lost by hand is found within one pass). 1 to 1,000,000;
   * default 1,000.
   */
  readonly tickSweepEvents?: number;
}

/** The options with their defaults filled in (ids are made by `createEngine`: they need the checked clock). */
export interface EngineSettings extends Omit<EngineOptions, 'privacy'> {
  readonly privacy: CheckedPrivacy | undefined;
  readonly clock: () => Date;
  readonly policy: Policy;
  readonly maxAttempts: number;
  readonly retryBudgetMs: number;
  /** `maxAttempts` and `retryBudgetMs` together, as `retryOnConflict` takes them. */
  readonly retry: ConflictRetry;
  readonly cacheSize: number;
  readonly tickPageSize: number;
  readonly tickSweepEvents: number;
}

const METHODS = ['append', 'readStream', 'readAll'] as const;
const STORES = 'memoryStore(), sqliteStore({ path }) or postgresStore({ pool })';

const check = optionChecks('createEngine');

/**
 * Refuse options that would only fail later, at the first command: a missing
 * store, counts out of range, a clock that is not a function. Returns the
 * options with their defaults.
 *
 * @example
 * const { store, maxAttempts } = checkEngineOptions({ store: memoryStore() }); // maxAttempts: 100
 */
export const checkEngineOptions = (options: EngineOptions): EngineSettings => {
  const store = (options as { store?: unknown } | undefined)?.store;
  const missing = METHODS.filter(
    (m) => typeof (store as Record<string, unknown> | null | undefined)?.[m] !== 'function',
  );
  if (missing.length > 0) {
    throw check.refuse('store', `a store is needed (${STORES}); the store given lacks ${missing.join(', ')}`);
  }
  const counted = options as unknown as Record<string, unknown>;
  // Fifty writers on one complaint across processes finish within the defaults without a CONFLICT.
  const maxAttempts = check.count(counted, 'maxAttempts', { min: 1, max: 10_000 }, DEFAULT_RETRY.maxAttempts);
  const retryBudgetMs = check.count(counted, 'retryBudgetMs', { min: 0, max: 3_600_000 }, DEFAULT_RETRY.budgetMs);
  const cacheSize = check.count(counted, 'cacheSize', { min: 0, max: 10_000_000 }, 10_000);
  const tickPageSize = check.count(counted, 'tickPageSize', { min: 1, max: 10_000 }, 500);
  const tickSweepEvents = check.count(counted, 'tickSweepEvents', { min: 1, max: 1_000_000 }, 1000);
  for (const name of ['clock', 'outbox'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function')
      throw check.refuse(name, `${name} must be a function, got ${shownValue(options[name])}`);
  }
  return {
    ...options,
    clock: options.clock ?? (() => new Date()),
    policy: options.policy ?? defaultPolicy,
    maxAttempts,
    retryBudgetMs,
    retry: { maxAttempts, budgetMs: retryBudgetMs },
    cacheSize,
    tickPageSize,
    tickSweepEvents,
    privacy: checkPrivacy(options.privacy, store as EventStore),
  };
};
