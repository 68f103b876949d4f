import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RedressError } from '@redress/core';
import type { Durability } from '../schema/openDatabase';
import { errorFrom, type FromThread, type ToThread } from './protocol';
import type { Writer } from './writeOps';

/** How long the thread stays after the last store using it let go: the next store opened meanwhile finds it ready. */
const LINGER_MS = 1000;

/**
 * This module's URL. A CommonJS build has `__filename`, which Node gives every
 * CommonJS module; an ES module build and the sources have `import.meta.url`.
 */
const moduleUrl = (): string => (typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url);

/**
 * The thread file beside this module: `writerThread.cjs` from the CommonJS
 * build, `writerThread.js` from the ES module build, and from the TypeScript
 * sources a loader that runs `writerThread.ts` through tsx.
 */
export const threadFile = (): URL => {
  const here = moduleUrl();
  if (here.endsWith('.ts')) return new URL('./sourceThread.mjs', here);
  return new URL(here.endsWith('.cjs') ? './writerThread.cjs' : './writerThread.js', here);
};

/**
 * Whether the thread file is there: a bundler that took this module into a bundle of
 * its own may have left it behind.
 */
export const threadFileThere = (): boolean => existsSync(fileURLToPath(threadFile()));

const startWorker = (): { worker: Worker; file: URL } => {
  const file = threadFile();
  if (file.pathname.endsWith('.mjs')) {
    const conditions = process.execArgv.some((a) => a.startsWith('--conditions=@redress/source'))
      ? []
      : ['--conditions=@redress/source'];
    return { worker: new Worker(file, { execArgv: [...process.execArgv, ...conditions] }), file };
  }
  return { worker: new Worker(file), file };
};

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly path: string;
}

/** The writer thread of this process and what it has been asked: started on the first write, gone when it stops. */
interface Thread {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
  /** Connections of the thread by file key, with the stores using each. */
  readonly connections: Map<string, { readonly conn: number; users: number }>;
  linger: ReturnType<typeof setTimeout> | undefined;
  stopped: boolean;
}

let current: Thread | undefined;
let nextId = 1;
/** Commits answered so far, and the writes in them, over every thread of this process. */
const stats = { groups: 0, writes: 0 };

const stoppedError = (path: string, why: string, file: URL) =>
  new RedressError(
    'STORE_UNAVAILABLE',
    `The writer thread of SQLite store ${path} (${file.href}) stopped: ${why}. A write it had not answered may or may not have been committed: read the stream back before trying again; the next write starts a new thread (or open the store with writer: 'inline')`,
    { path, code: 'WRITER_STOPPED' },
  );

const start = (): Thread => {
  const { worker, file } = startWorker();
  const thread: Thread = { worker, pending: new Map(), connections: new Map(), linger: undefined, stopped: false };
  // The thread holds the process open only while a write waits for it, as a file write would.
  worker.unref();
  worker.on('message', (m: FromThread) => {
    if (m.group) {
      stats.groups++;
      stats.writes += m.outcomes.length;
    }
    for (const o of m.outcomes) {
      const p = thread.pending.get(o.id);
      if (p === undefined) continue;
      thread.pending.delete(o.id);
      if (o.ok) p.resolve(o.value);
      else p.reject(errorFrom(o.error));
    }
    if (thread.pending.size === 0) worker.unref();
  });
  const stop = (why: string) => {
    if (thread.stopped) return;
    thread.stopped = true;
    if (current === thread) current = undefined;
    if (thread.linger !== undefined) clearTimeout(thread.linger);
    for (const p of thread.pending.values()) p.reject(stoppedError(p.path, why, file));
    thread.pending.clear();
  };
  worker.on('error', (error) => stop(`it failed with ${error.message}`));
  worker.on('exit', (code) => stop(`exit code ${code}`));
  return thread;
};

const thread = (): Thread => {
  current ??= start();
  return current;
};

/** Send a message that expects an answer; it holds the process open until answered. */
const ask = (t: Thread, path: string, message: (id: number) => ToThread): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const id = nextId++;
    if (t.pending.size === 0) t.worker.ref();
    t.pending.set(id, { resolve, reject, path });
    t.worker.postMessage(message(id));
  });

/** What a store tells the thread about its file. */
export interface ThreadWriterOptions {
  readonly path: string;
  readonly file: string;
  readonly durability: Durability;
  readonly busyTimeoutMs: number;
}

/**
 * The writer that commits on the process's writer thread. Stores of one file
 * (and durability) share the thread's connection to it, so their writes are
 * committed in groups together; each write resolves after the COMMIT that made
 * it durable. The connection is opened at a store's first write and let go at
 * the last `close` of the stores using it.
 */
export const threadWriter = (options: ThreadWriterOptions): Writer => {
  const key = JSON.stringify([options.file, options.durability, options.path]);
  let mine: { readonly thread: Thread; readonly conn: number } | undefined;
  const inFlight = new Set<Promise<unknown>>();

  const connection = () => {
    if (mine !== undefined && !mine.thread.stopped) return mine;
    const t = thread();
    if (t.linger !== undefined) clearTimeout(t.linger);
    t.linger = undefined;
    let shared = t.connections.get(key);
    if (shared === undefined) {
      shared = { conn: nextId++, users: 0 };
      t.connections.set(key, shared);
      t.worker.postMessage({ t: 'open', conn: shared.conn, ...options } satisfies ToThread);
    }
    shared.users++;
    mine = { thread: t, conn: shared.conn };
    return mine;
  };

  return {
    run(name, args) {
      const { thread: t, conn } = connection();
      const deadline = Date.now() + options.busyTimeoutMs;
      const done = ask(t, options.path, (id) => ({ t: 'run', conn, id, name, args, deadline }));
      inFlight.add(done);
      const forget = () => inFlight.delete(done);
      done.then(forget, forget);
      return done as never;
    },
    async close() {
      await Promise.allSettled([...inFlight]);
      const had = mine;
      mine = undefined;
      if (had === undefined || had.thread.stopped) return;
      const t = had.thread;
      const shared = [...t.connections.entries()].find(([, s]) => s.conn === had.conn);
      if (shared === undefined) return;
      shared[1].users--;
      if (shared[1].users > 0) return;
      t.connections.delete(shared[0]);
      await ask(t, options.path, (id) => ({ t: 'close', conn: had.conn, id })).catch(() => {});
      if (t.connections.size === 0 && t.pending.size === 0 && !t.stopped) {
        // Asked to end itself, not terminated: better-sqlite3 aborts the whole process when a thread is
        // terminated in the middle of a statement (WiseLibs/better-sqlite3#842).
        t.linger = setTimeout(() => {
          if (t.connections.size > 0 || t.pending.size > 0) return;
          // From here on the thread is leaving: a write that comes before it is gone starts a new one
          // rather than land on a thread that will exit without reading it.
          if (current === t) current = undefined;
          t.stopped = true;
          t.worker.postMessage({ t: 'stop' } satisfies ToThread);
        }, LINGER_MS);
        t.linger.unref();
      }
    },
  };
};

/** The writer thread's worker, for tests that stop it under a store's feet. */
export const writerWorker = (): Worker | undefined => current?.worker;

/**
 * How many groups (transactions that committed) the writer threads of this process have answered, and the writes in them.
 *
 * @example
 * const { groups, writes } = writerStats(); // writes / groups: the mean group
 */
export const writerStats = (): { readonly groups: number; readonly writes: number } => ({ ...stats });
