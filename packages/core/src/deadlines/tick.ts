import type { Complaint } from '../domain/complaint';
import { isEventOf, type RecordedEvent } from '../domain/envelope';
import type { Actor } from '../domain/roles';
import { step } from '../domain/transitionTable';
import { buildEvents } from '../engine/buildEvents';
import type { IdGenerator } from '../engine/ids';
import { type ConflictRetry, DEFAULT_RETRY, retryOnConflict } from '../engine/retryOnConflict';
import type { StreamLock } from '../engine/streamLock';
import { readStore, storeCall } from '../store/storeCall';
import { RedressError } from '../errors/redressError';
import type { DueMoment, EventStore, OutboxMessage } from '../store/eventStore';
import { dueEvents, nextDueMoment } from './dueEvents';
import { dueIndex } from './dueIndex';

/**
 * The actor deadline events and automatic escalations are recorded under.
 *
 * @example
 * history.filter((e) => e.actor.id === CLOCK_ACTOR.id); // what the clock recorded
 */
export const CLOCK_ACTOR: Actor = { id: 'redress-clock', role: 'system' };

/** What a tick did. */
export interface TickResult {
  /** Events appended, over all complaints, in append order. */
  readonly events: readonly RecordedEvent[];
  /** How many complaints the due index pointed at, each checked (some may have had nothing left to record). */
  readonly complaintsChecked: number;
}

/** What the ticker needs from the engine: its store, ids, per-complaint lock and cache. */
export interface TickerDeps {
  readonly store: EventStore;
  readonly ids: IdGenerator;
  readonly lock: StreamLock;
  /** The complaint as it stands (from the engine's cache, caught up from the store). */
  readonly load: (id: string) => Promise<Complaint | undefined>;
  /** The complaint as the engine's cache holds it, maybe behind the store; a stale one costs a retry. */
  readonly cached?: (id: string) => Complaint | undefined;
  /** Tell the engine that `complaint` is now the state after an append from `before`. */
  readonly appended: (before: Complaint, complaint: Complaint) => void;
  readonly actor?: Actor;
  /** Tries and time per complaint when another writer got there first. Default: the engine's defaults. */
  readonly retry?: ConflictRetry;
  /** Complaints settled at the same time (they wait on the store, not on each other). Default 16. */
  readonly concurrency?: number;
  /** Outbox rows (notifications) for the events a tick records, written in the same append. */
  readonly outbox?: (events: readonly RecordedEvent[], complaint: Complaint) => readonly OutboxMessage[];
  /** With a store that keeps `dueMoments`: complaints read from it a page. Default 500. */
  readonly pageSize?: number;
  /**
   * With a store that keeps `dueMoments`: events of the log each tick reads on from
   * where the last tick's sweep stopped, checking the moment of every complaint a
   * `DeadlineSet` among them names. Default 1000.
   */
  readonly sweepEvents?: number;
}

/**
 * The engine's clock work: on `tick(now)`, records for each due complaint what
 * has come due. Events carry the moment they came due (or the complaint's last
 * event time, if later), never the tick's time, so a late tick records what
 * on-time ticks would have; what is already recorded is not recorded again.
 *
 * Which complaints are due: with a store that keeps `dueMoments` (PostgreSQL), the
 * store's index on each complaint's next moment, read a page at a time, so a tick
 * costs what is due, whatever is open; each append the engine makes sets the
 * moment, and a complaint found with nothing to record has its moment moved. The
 * index is a cache of the events: a sweep reads on through the log a little each
 * tick and puts right the moment of every complaint with a clock, so a moment
 * deleted or moved by hand delays a warning or breach by at most one pass over
 * the log, never for good. Without `dueMoments`, an index in memory (`dueIndex`)
 * kept up to date from the store's global order.
 *
 * @example
 * const ticker = createTicker({ store, ids, lock, load, appended });
 * await ticker.tick(new Date());
 */
export const createTicker = (deps: TickerDeps) => {
  const index = dueIndex();
  const actor = deps.actor ?? CLOCK_ACTOR;
  const retry = deps.retry ?? DEFAULT_RETRY;
  const concurrency = Math.max(1, deps.concurrency ?? 16);
  const moments = deps.store.dueMoments;
  const pageSize = Math.max(1, Math.min(10_000, deps.pageSize ?? 500));
  const sweepEvents = Math.max(1, deps.sweepEvents ?? 1000);
  let indexed = 0;
  let swept = 0;

  const schedule = (c: Complaint) => {
    const next = nextDueMoment(c);
    if (next !== undefined) index.push(next, c.id);
  };

  /** Read the events appended since the last tick; clocks that were set enter the index. */
  const catchUp = async () => {
    await readStore(deps.store.readAll({ after: indexed }), (e) => {
      indexed = e.position;
      if (isEventOf(e, 'DeadlineSet')) index.push(Date.parse(e.data.warnAt), e.streamId);
    });
  };

  /** The events due on `c` at `now`, each built on the one before and taken through the lifecycle. */
  const record = (c: Complaint, now: number) => {
    let state = c;
    let last = Date.parse(c.updatedAt);
    const out: RecordedEvent[] = [];
    for (const due of dueEvents(c, now)) {
      last = Math.max(last, due.at);
      const [event] = buildEvents(c.id, state, { actor }, [due.event], new Date(last).toISOString(), deps.ids);
      const next = event === undefined ? undefined : step(state, event);
      if (event === undefined || next === undefined) continue;
      state = next;
      out.push(event);
    }
    return { state, events: out };
  };

  /** One try at recording what is due on complaint `id`: the `n`th, read afresh after the first. */
  const settleOnce = async (id: string, now: number, n: number): Promise<RecordedEvent[]> => {
    // A stale cache entry is caught by the append's version check, or, when it
    // shows nothing due, by reading the store before giving up on the complaint.
    const hit = n === 1 ? deps.cached?.(id) : undefined;
    let c = hit ?? (await deps.load(id));
    if (c === undefined) {
      // A moment for a stream that has no events (put there by hand): cleared, so no tick looks again.
      await storeCall(async () => moments?.reschedule([{ streamId: id, version: 0, dueAt: null }]));
      return [];
    }
    let { state, events } = record(c, now);
    if (events.length === 0 && hit !== undefined) {
      c = (await deps.load(id)) ?? c;
      ({ state, events } = record(c, now));
    }
    if (events.length > 0) {
      const expectedVersion = c.version;
      await storeCall(() =>
        deps.store.append(id, events, {
          expectedVersion,
          outbox: deps.outbox?.(events, state) ?? [],
          nextDueAt: nextDueMoment(state) ?? null,
        }),
      );
      deps.appended(c, state);
    } else if (moments !== undefined) {
      // Nothing to record: the moment was stale (met, moved, paused, or another ticker was first).
      const dueAt = nextDueMoment(state) ?? null;
      await storeCall(() => moments.reschedule([{ streamId: id, version: state.version, dueAt }]));
    }
    if (moments === undefined) schedule(state);
    return events;
  };

  const settle = (id: string, now: number): Promise<RecordedEvent[]> =>
    deps.lock(id, () => retryOnConflict(id, retry, (n) => settleOnce(id, now, n)));

  /** `work` on each id, `concurrency` at a time (they wait on the store, not on each other). */
  const each = async <T>(ids: readonly string[], work: (id: string) => Promise<T>): Promise<T[]> => {
    const out = new Array<T>(ids.length);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const i = next++;
        out[i] = await work(ids[i] as string);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
    return out;
  };

  /**
   * The next `sweepEvents` events of the log (from the start again once the end is
   * reached): the moment of each complaint a `DeadlineSet` among them names is set
   * from its events, where the store's differs. What a moment deleted or moved by
   * hand would have hidden is then found by the tick that follows in this call.
   */
  const sweep = async (failed: unknown[]) => {
    if (moments === undefined) return;
    const named = new Set<string>();
    let read = 0;
    let last = swept;
    await readStore(deps.store.readAll({ after: swept, limit: sweepEvents }), (e) => {
      read++;
      last = e.position;
      if (isEventOf(e, 'DeadlineSet')) named.add(e.streamId);
    });
    swept = read < sweepEvents ? 0 : last;
    const found = await each([...named], (id) =>
      deps.lock(id, async () => {
        const c = await deps.load(id).catch((error: unknown) => void failed.push(error));
        return c === undefined ? undefined : { streamId: id, version: c.version, dueAt: nextDueMoment(c) ?? null };
      }),
    );
    const entries = found.filter((e) => e !== undefined);
    if (entries.length > 0) await storeCall(() => moments.reschedule(entries));
  };

  /**
   * Settle every complaint the store lists as due at `now`, a page at a time. A
   * complaint that fails (a tampered log, say) stays due and is reported by the
   * tick, after the others: it does not hold back the pages behind it.
   */
  const fromStore = async (now: Date, failed: unknown[]) => {
    if (moments === undefined) return { events: [], checked: 0 };
    const events: RecordedEvent[] = [];
    let checked = 0;
    let after: DueMoment | undefined;
    for (;;) {
      const page = await storeCall(() => moments.due(now, { limit: pageSize, after }));
      const settled = await each(
        page.map((m) => m.streamId),
        (id) =>
          settle(id, now.getTime()).catch((error: unknown) => {
            failed.push(error);
            return [];
          }),
      );
      for (const recorded of settled) events.push(...recorded);
      checked += page.length;
      after = page.at(-1);
      if (page.length < pageSize) return { events, checked };
    }
  };

  return {
    /** Record every warning, breach and escalation due at `now`. */
    async tick(now: Date): Promise<TickResult> {
      if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
        throw new RedressError('VALIDATION', `tick needs a valid Date, got ${String(now)}`);
      }
      if (moments !== undefined) {
        const failed: unknown[] = [];
        await sweep(failed);
        const { events, checked } = await fromStore(now, failed);
        if (failed.length > 0) throw failed[0];
        return { events, complaintsChecked: checked };
      }
      await catchUp();
      const ids = index.popDue(now.getTime());
      const settled = await each(ids, (id) => settle(id, now.getTime()));
      return { events: settled.flat(), complaintsChecked: ids.length };
    },
    /** How many entries the in-memory due index holds (stale ones included); 0 when the store keeps `dueMoments`. */
    get pending() {
      return index.size;
    },
  };
};

/** What `createTicker` returns: `tick(now)` and the size of its due index. */
export type Ticker = ReturnType<typeof createTicker>;
