import {
  complaintListProjection,
  projectionRunner,
  RedressError,
  statisticsProjection,
  type Actor,
  type ComplaintListState,
  type ProjectionRunner,
  type StatisticsState,
} from '@redress/core';
import type { HttpSettings } from './options';

/** What the routes share: the settings, the read models, the per-complaint lock and the rules of who sees what. */
export interface Services {
  readonly settings: HttpSettings;
  readonly list: ProjectionRunner<ComplaintListState>;
  readonly statistics: ProjectionRunner<StatisticsState>;
  /** Run `work` alone for this complaint in this process (an If-Match check and its command together). */
  exclusive<T>(complaintId: string, work: () => Promise<T>): Promise<T>;
  /** Whether the actor may see a complaint of this department (the policy's department scope, as `authorize` has it). */
  maySee(actor: Actor, department: string | undefined): boolean;
  /** Whether the request asks to reveal personal data; `FORBIDDEN` for a role the handler does not let. */
  reveals(actor: Actor, asked: string | undefined): boolean;
  /** Open live-update streams: each entry closes one; `close()` calls them all. */
  readonly streams: Set<() => void>;
}

/** The services of one handler. */
export const services = (settings: HttpSettings): Services => {
  const { engine } = settings;
  // Read models of this handler, caught up from the store's global order on each read.
  const list = projectionRunner({ store: engine.store, projection: complaintListProjection('http-complaint-list') });
  const statistics = projectionRunner({ store: engine.store, projection: statisticsProjection('http-statistics') });
  const tails = new Map<string, Promise<unknown>>();
  return {
    settings,
    list,
    statistics,
    async exclusive(complaintId, work) {
      const before = tails.get(complaintId) ?? Promise.resolve();
      const run = before.then(work, work);
      const tail = run.catch(() => undefined);
      tails.set(complaintId, tail);
      try {
        return await run;
      } finally {
        if (tails.get(complaintId) === tail) tails.delete(complaintId);
      }
    },
    maySee: (actor, department) =>
      !engine.policy.departmentScoped ||
      actor.department === undefined ||
      department === undefined ||
      department === actor.department,
    reveals(actor, asked) {
      if (asked !== 'true') return false;
      if (!settings.revealRoles.includes(actor.role)) {
        throw new RedressError(
          'FORBIDDEN',
          `Role "${actor.role}" may not see personal data; roles that may ask with ?reveal=true: ${settings.revealRoles.join(', ') || '(none)'}`,
          { actor, command: 'reveal', complaintId: undefined },
        );
      }
      return true;
    },
    streams: new Set(),
  };
};
