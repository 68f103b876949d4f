import { isEventOf, type RecordedEvent } from '../domain/envelope';
import { checkDueArgs, checkReschedules } from './dueArgs';
import type { DueMoment, DueMoments } from './eventStore';

interface Row {
  readonly dueAt: number | null;
  readonly version: number;
}

const before = (a: DueMoment, b: DueMoment) => (a.dueAt !== b.dueAt ? a.dueAt < b.dueAt : a.streamId < b.streamId);

/**
 * The memory store's `dueMoments`: one row a stream (its moment and the version it
 * was known at), set in the same step as each append. `due` scans the rows: fit for
 * tests and small stores; PostgreSQL keeps an index on the moment.
 *
 * @example
 * const moments = memoryDueMoments((id) => streams.get(id)?.length ?? 0);
 * moments.appended('C-1', events, 3, Date.parse('2026-01-05T09:00:00Z'));
 */
export const memoryDueMoments = (versionOf: (streamId: string) => number) => {
  const rows = new Map<string, Row>();

  const port: DueMoments = {
    async due(now, options) {
      checkDueArgs(now, options);
      const at = now.getTime();
      const { after } = options;
      const out: DueMoment[] = [];
      for (const [streamId, row] of rows) {
        if (row.dueAt === null || row.dueAt > at) continue;
        const entry = { streamId, dueAt: row.dueAt };
        if (after === undefined || before(after, entry)) out.push(entry);
      }
      return out.sort((a, b) => (before(a, b) ? -1 : 1)).slice(0, options.limit);
    },
    async reschedule(entries) {
      for (const e of checkReschedules(entries)) {
        const row = rows.get(e.streamId);
        const actual = versionOf(e.streamId);
        if (e.version > actual) continue;
        if (row === undefined || row.version <= e.version || row.version > actual)
          rows.set(e.streamId, { dueAt: e.dueAt, version: e.version });
      }
    },
  };

  return {
    port,
    /** Keep the moment of an append that brought `streamId` to `version`. */
    appended(
      streamId: string,
      events: readonly RecordedEvent[],
      version: number,
      nextDueAt: number | null | undefined,
    ) {
      if (nextDueAt !== undefined) {
        rows.set(streamId, { dueAt: nextDueAt, version });
        return;
      }
      // A writer that knows nothing of deadlines: a clock set brings the moment forward to its warning.
      for (const e of events) {
        if (!isEventOf(e, 'DeadlineSet')) continue;
        const warnAt = Date.parse(e.data.warnAt);
        const row = rows.get(streamId);
        const earlier = Number.isNaN(warnAt) ? 0 : warnAt;
        const dueAt = row?.dueAt === null || row?.dueAt === undefined ? earlier : Math.min(row.dueAt, earlier);
        rows.set(streamId, { dueAt, version: e.version });
      }
    },
  };
};
