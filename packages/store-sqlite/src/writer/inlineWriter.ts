import type Database from 'better-sqlite3';
import { withBusyRetry } from '../busyRetry';
import { transactionOf, type Writer } from './writeOps';

/**
 * The writer that commits on the calling thread, on the store's own
 * connection: one IMMEDIATE transaction per write, waiting for another
 * connection's lock asynchronously (`withBusyRetry`). Each commit's fsync
 * blocks the event loop while it lasts.
 */
export const inlineWriter = (db: Database.Database, path: string, busyTimeoutMs: number): Writer => {
  const tx = transactionOf(db);
  return {
    run: (name, args) => withBusyRetry(path, busyTimeoutMs, () => tx.one(name, args) as never),
    async close() {},
  };
};
