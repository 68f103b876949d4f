import type { Upcasters } from '@redress/core';
import { isRecord, optionChecks, shownValue as shown } from '@redress/core/store-kit';
import type { Durability } from './schema/openDatabase';

/** The ranges of the numeric options (documented in docs/store-sqlite.md). */
const RANGES = {
  pageSize: { min: 1, max: 100_000 },
  busyTimeoutMs: { min: 0, max: 3_600_000 },
} as const;

const DURABILITIES: readonly Durability[] = ['full', 'process-crash-safe'];

/** Where the store's writes are committed: see `SqliteStoreOptions.writer`. */
export type WriterKind = 'worker' | 'inline';
const WRITERS: readonly WriterKind[] = ['worker', 'inline'];
/** The writer a store gets when the option is not given. */
export const DEFAULT_WRITER: WriterKind = 'worker';

/** The options with their defaults filled in, every one checked. */
export interface SqliteSettings {
  readonly path: string;
  readonly durability: Durability;
  readonly busyTimeoutMs: number;
  readonly pageSize: number;
  readonly upcasters: Upcasters | undefined;
  readonly writer: WriterKind;
}

const check = optionChecks('sqliteStore');
const refuse = check.refuse;

const checkPath = (path: unknown): string => {
  if (typeof path !== 'string' || path.trim() === '') {
    throw refuse(
      'path',
      `path must name the database file, e.g. sqliteStore({ path: 'complaints.db' }), got ${shown(path)}`,
    );
  }
  if (path.includes('\0')) throw refuse('path', `path must not contain a NUL character, got ${shown(path)}`);
  // SQLite would open a database in memory, whose events vanish on close: not what a durable store promises.
  if (path === ':memory:') {
    throw refuse(
      'path',
      "path ':memory:' would keep the events in memory only, lost on close; give a file path, or use memoryStore() from @redress/core",
    );
  }
  return path;
};

const checkDurability = (value: unknown): Durability => {
  if (value === undefined) return 'full';
  if (!DURABILITIES.includes(value as Durability)) {
    throw refuse(
      'durability',
      `durability must be 'full' (survives a power cut) or 'process-crash-safe' (survives a crash of the process), exactly so, got ${shown(value)}`,
      {
        allowed: DURABILITIES,
      },
    );
  }
  return value as Durability;
};

const checkWriter = (value: unknown): WriterKind => {
  if (value === undefined) return DEFAULT_WRITER;
  if (!WRITERS.includes(value as WriterKind)) {
    throw refuse(
      'writer',
      `writer must be 'worker' (commits on a thread of its own, in groups; the event loop never waits for the disk) or 'inline' (commits on the calling thread), got ${shown(value)}`,
      { allowed: WRITERS },
    );
  }
  return value as WriterKind;
};

/**
 * Check the options of `sqliteStore` before anything touches the disk, and fill
 * in the defaults. Anything wrong is `VALIDATION` naming the option, the value
 * given and what it may be.
 */
export const checkOptions = (options: unknown): SqliteSettings => {
  if (!isRecord(options)) {
    throw refuse(
      'path',
      `sqliteStore takes an options object, e.g. sqliteStore({ path: 'complaints.db' }), got ${shown(options)}`,
    );
  }
  return {
    path: checkPath(options.path),
    durability: checkDurability(options.durability),
    busyTimeoutMs: check.count(options, 'busyTimeoutMs', RANGES.busyTimeoutMs, 5000),
    pageSize: check.count(options, 'pageSize', RANGES.pageSize, 500),
    upcasters: check.upcasters(options.upcasters),
    writer: checkWriter(options.writer),
  };
};
