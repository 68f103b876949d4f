import { driverError } from './driverErrors';

/** How long one driver call may block the thread waiting for the lock before we wait asynchronously instead. */
export const SYNC_BUSY_MS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isBusy = (error: unknown) => {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
};

/**
 * Run a write while another connection may hold the write lock. better-sqlite3
 * waits for a lock by blocking the whole thread, so the driver only waits a few
 * milliseconds; after that we wait here, asynchronously, with short random
 * sleeps (other requests keep running, and no writer is starved by SQLite's
 * growing back-off), until `timeoutMs` has passed. A write that failed on the
 * lock wrote nothing, so trying it again is safe.
 */
export const withBusyRetry = async <T>(path: string, timeoutMs: number, work: () => T | Promise<T>): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw driverError(path, error);
      await sleep(Math.min(deadline - Date.now(), Math.random() * Math.min(2 * attempt, 20)));
    }
  }
};
