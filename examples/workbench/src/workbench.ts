import {
  businessCalendar,
  complaintListProjection,
  createEngine,
  deadlinePolicy,
  projectionRunner,
  secretKek,
  type Actor,
  type Engine,
} from '@redress/core';
import { hkdfSync } from 'node:crypto';
import { httpHandler } from '@redress/http';
import { keyFileBeside, sqliteKeyStore, sqliteStore } from '@redress/store-sqlite';
import { pages } from './pages';

/** The roles that see personal data (the complainant, the free text): the API's `revealRoles`. */
export const REVEAL_ROLES: readonly string[] = ['agent', 'handler', 'supervisor'];

/** What `workbench` takes. */
export interface WorkbenchOptions {
  /** The SQLite file of the complaints (its key store lives beside it). */
  readonly path: string;
  /** The key-encryption key, base64 of 32 bytes. */
  readonly kek: string;
  /** The key that signs session and CSRF cookies. */
  readonly sessionSecret: string;
  /** Where the engine's time comes from (default: the system clock); the tests move it. */
  readonly clock?: () => Date;
  /** One line per API request (method, route, status, code, actor, ms: never a body). */
  readonly log?: (line: string) => void;
}

/** The blind index's key, derived from the KEK (HKDF-SHA256); an application may keep one of its own. */
const indexKeyOf = (kek: string) =>
  new Uint8Array(
    hkdfSync('sha256', Buffer.from(kek, 'base64'), new Uint8Array(0), 'redress-workbench blind index', 32),
  );

/** The deadlines of the demo: a decision within a day of receipt, a resolution within 15 days of acceptance. */
export const demoDeadlines = () =>
  deadlinePolicy({
    calendar: businessCalendar({ timeZone: 'Asia/Shanghai' }),
    rules: {
      acknowledge: { within: { hours: 2 } },
      decide: { within: { hours: 24 } },
      resolve: { within: { calendarDays: 15 }, from: 'accepted' },
      followUp: { within: { calendarDays: 7 } },
    },
  });

/** The workbench: one SQLite file, the engine with personal data encrypted, the HTTP API, and the pages over it. */
export interface Workbench {
  readonly app: ReturnType<typeof pages>;
  readonly engine: Engine;
  /** The pages and the API, web-standard: `nodeListener(wb)` serves them from node:http. */
  fetch(request: Request): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Build the workbench. The pages read and command through the HTTP API of `@redress/http`
 * (mounted at `/api` too), with the actor of the signed session cookie.
 *
 * @example
 * const wb = workbench({ path: 'complaints.db', kek, sessionSecret: randomBytes(32).toString('base64') });
 * createServer(nodeListener(wb)).listen(3000);
 */
export const workbench = (options: WorkbenchOptions): Workbench => {
  const store = sqliteStore({ path: options.path });
  const keys = sqliteKeyStore({ path: keyFileBeside(options.path) });
  const engine = createEngine({
    store,
    // The blind index of phone and email (search by contact): its key derived from the KEK for the demo.
    privacy: { keys: { store: keys, kek: secretKek(options.kek) }, indexKey: indexKeyOf(options.kek) },
    deadlines: demoDeadlines(),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  // The actor of each request the pages make, or of a browser's /api request: set from the session only.
  const actors = new WeakMap<Request, Actor>();
  const api = httpHandler({
    engine,
    basePath: '/api',
    authenticate: (request) => actors.get(request),
    revealRoles: REVEAL_ROLES,
    log: (entry) => (options.log ?? console.log)(JSON.stringify(entry)),
  });
  // The queue needs each clock's warned and breached flags, which the API's list rows do not carry: the
  // complaint-list projection itself, caught up from the store on each read.
  const queue = projectionRunner({ store, projection: complaintListProjection('workbench-queue') });
  const app = pages({ engine, api, actors, queue, secret: options.sessionSecret, revealRoles: REVEAL_ROLES });
  return {
    app,
    engine,
    fetch: async (request) => app.fetch(request),
    async close() {
      await api.close();
      await queue.stop();
      await store.close();
      await keys.close();
    },
  };
};
