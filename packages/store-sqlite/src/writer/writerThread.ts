/**
 * The writer thread of the SQLite store: every write of every store of this
 * process, one connection per file, committed in groups. Writes that arrive
 * while a commit is under way wait in the thread's message queue and go into
 * the next transaction together, each in a savepoint of its own (a write that
 * fails rolls back its own work only); each is answered after the COMMIT that
 * made it durable (one fsync for the group at the file's durability).
 */
import { parentPort } from 'node:worker_threads';
import type { RedressError } from '@redress/core';
import type Database from 'better-sqlite3';
import { driverError, openError } from '../driverErrors';
import { openDatabase } from '../schema/openDatabase';
import { errorData, type FromThread, type Outcome, type ToThread } from './protocol';
import { transactionOf } from './writeOps';

/** Writes in one transaction at most: bounds how long a group holds the lock and how late its first write is answered. */
const MAX_GROUP = 256;

type Run = Extract<ToThread, { t: 'run' }>;

interface Connection {
  readonly open: Extract<ToThread, { t: 'open' }>;
  db: Database.Database | undefined;
  tx: ReturnType<typeof transactionOf> | undefined;
  readonly queue: Run[];
  readonly closing: number[];
  /** A flush is planned (setImmediate) or waits for another process's lock (a timer). */
  planned: boolean;
  /** Attempts at the lock since the last commit: the bound of the next random wait. */
  busy: number;
}

const port = parentPort;
if (port === null) throw new Error('writerThread runs as a worker thread of @redress/store-sqlite');
const connections = new Map<number, Connection>();

const say = (outcomes: Outcome[], group = false) => {
  if (outcomes.length === 0) return;
  const message: FromThread = group ? { outcomes, group: true } : { outcomes };
  try {
    port.postMessage(message);
  } catch {
    // A value that does not clone (it should not happen): its error, which does, goes instead.
    port.postMessage({
      ...message,
      outcomes: outcomes.map((o) =>
        o.ok ? o : { id: o.id, ok: false, error: { code: o.error.code, message: o.error.message, details: undefined } },
      ),
    } satisfies FromThread);
  }
};

const failed = (c: Connection, id: number, error: unknown): Outcome => ({
  id,
  ok: false,
  error: errorData(driverError(c.open.path, error) as RedressError),
});

const isBusy = (error: unknown) => {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
};

const plan = (c: Connection) => {
  if (c.planned) return;
  c.planned = true;
  // After the messages already here have been taken in: they join this group.
  setImmediate(() => flush(c));
};

const closeConnection = (c: Connection) => {
  try {
    c.db?.close();
  } catch {
    // Closing a connection that failed to open, or closed already: nothing to release.
  }
  connections.delete(c.open.conn);
  say(c.closing.map((id) => ({ id, ok: true, value: undefined })));
};

/** Open the connection if it is not open yet; false (and the queue failed) if it cannot be. */
const ready = (c: Connection): boolean => {
  if (c.tx !== undefined) return true;
  try {
    const { file, durability, busyTimeoutMs } = c.open;
    c.db = openDatabase({ path: file, durability, busyTimeoutMs });
    c.tx = transactionOf(c.db);
    return true;
  } catch (error) {
    const mapped = openError(c.open.path, error);
    say(c.queue.splice(0).map((r) => failed(c, r.id, mapped)));
    plan(c);
    return false;
  }
};

/** Take the write lock for a group, or plan another try; false if the group must wait. */
const begin = (c: Connection, db: Database.Database, group: Run[]): boolean => {
  try {
    db.prepare('BEGIN IMMEDIATE').run();
    c.busy = 0;
    return true;
  } catch (error) {
    if (!isBusy(error)) {
      say(group.splice(0).map((r) => failed(c, r.id, error)));
      plan(c);
      return false;
    }
    // Locked by another process: the writes past their deadline fail, the others wait, without blocking this thread.
    const now = Date.now();
    const late = group.filter((r) => r.deadline <= now);
    say(late.map((r) => failed(c, r.id, error)));
    c.queue.unshift(...group.filter((r) => r.deadline > now));
    group.length = 0;
    c.busy++;
    if (c.queue.length > 0) {
      c.planned = true;
      const soonest = Math.min(...c.queue.map((r) => r.deadline));
      setTimeout(
        () => {
          c.planned = false;
          flush(c);
        },
        Math.max(0, Math.min(soonest - now, Math.random() * Math.min(2 * c.busy, 20))),
      );
    } else plan(c);
    return false;
  }
};

/** One group: every write waiting (up to MAX_GROUP), each in its savepoint, one COMMIT. */
const flush = (c: Connection) => {
  c.planned = false;
  if (c.queue.length === 0) {
    if (c.closing.length > 0) closeConnection(c);
    return;
  }
  if (!ready(c)) return;
  const db = c.db as Database.Database;
  const tx = c.tx as ReturnType<typeof transactionOf>;
  const group = c.queue.splice(0, MAX_GROUP);
  if (!begin(c, db, group)) return;
  const outcomes: Outcome[] = [];
  let lost: unknown;
  for (const r of group) {
    try {
      outcomes.push({ id: r.id, ok: true, value: tx.inside(r.name, r.args) });
    } catch (error) {
      // SQLite rolled the whole transaction back (I/O error, disk full): the writes before this one are gone too.
      if (!db.inTransaction) {
        lost = error;
        break;
      }
      outcomes.push(failed(c, r.id, error));
    }
  }
  if (lost === undefined) {
    try {
      db.prepare('COMMIT').run();
    } catch (error) {
      lost = error;
      if (db.inTransaction) db.prepare('ROLLBACK').run();
    }
  }
  if (lost !== undefined) {
    tx.forget();
    say(group.map((r) => failed(c, r.id, lost)));
  } else say(outcomes, true);
  plan(c);
};

port.on('message', (m: ToThread) => {
  if (m.t === 'open') {
    connections.set(m.conn, {
      open: m,
      db: undefined,
      tx: undefined,
      queue: [],
      closing: [],
      planned: false,
      busy: 0,
    });
    return;
  }
  if (m.t === 'stop') {
    if (connections.size === 0) process.exit(0);
    return;
  }
  const c = connections.get(m.conn);
  // The store opens a connection before its first write and closes it after its last: anything else is a bug here.
  if (c === undefined) throw new Error(`writerThread: no connection ${m.conn} for a ${m.t} message`);
  if (m.t === 'run') c.queue.push(m);
  else c.closing.push(m.id);
  plan(c);
});
