import type { StoredEvent } from '../domain/envelope';
import { readStore, storeCall } from '../store/storeCall';
import { RedressError } from '../errors/redressError';
import type { EventStore } from '../store/eventStore';
import { checkedBatches } from './checkedBatch';
import type { Projection } from './projection';
import type { SnapshotStore } from './snapshots';

/** What a projection runner works on. */
export interface RunnerOptions<S> {
  readonly store: EventStore;
  readonly projection: Projection<S>;
  /** Keep the state between runs; without it a new runner rebuilds from the first event. */
  readonly snapshots?: SnapshotStore;
  /** Events read per `readAll` call. Default 5,000. */
  readonly batchSize?: number;
}

/** A projection kept up to date from the store's global order. */
export interface ProjectionRunner<S> {
  /** The current read model. */
  readonly state: S;
  /** The global position the state includes. */
  readonly position: number;
  /** Apply every event after `position`; then save the snapshot and the checkpoint. */
  catchUp(): Promise<{ readonly applied: number; readonly position: number }>;
  /** Forget the state and build it again from the first event. */
  rebuild(): Promise<{ readonly applied: number; readonly position: number }>;
  /** Catch up every `everyMs` until `stop()`. Errors go to `onError`; the next turn retries. */
  start(options: { readonly everyMs: number; readonly onError?: (error: unknown) => void }): void;
  stop(): Promise<void>;
}

/**
 * Run a projection over a store: resume from the snapshot that matches the
 * checkpoint (or from scratch), read the global order after it, and record the
 * new checkpoint. Works on any store that implements the port.
 *
 * @example
 * const list = projectionRunner({ store, projection: complaintListProjection() });
 * await list.catchUp();
 * queryComplaints(list.state, { overdue: true });
 */
export const projectionRunner = <S>(options: RunnerOptions<S>): ProjectionRunner<S> => {
  const { store, projection, snapshots } = options;
  const batchSize = options.batchSize ?? 5_000;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RedressError('VALIDATION', `batchSize must be a whole number ≥ 1, got ${String(batchSize)}`);
  let state = projection.init();
  let position = 0;
  let opened = false;
  let running: Promise<{ applied: number; position: number }> | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  // Catch-up folds events like a load does, so it checks their hash chains as a load does.
  const chains = checkedBatches(store);

  const open = async () => {
    const checkpoint = await storeCall(() => store.checkpoints.get(projection.name));
    const snap = checkpoint === null || snapshots === undefined ? undefined : await snapshots.load(projection.name);
    if (snap !== undefined && snap.position === checkpoint) {
      state = projection.fromJSON === undefined ? (snap.state as S) : projection.fromJSON(snap.state);
      position = snap.position;
    }
    opened = true;
  };

  const applyBatch = (events: readonly StoredEvent[]) => {
    const last = events.at(-1);
    if (last === undefined) return;
    if (projection.applyAll !== undefined) {
      try {
        state = projection.applyAll(state, events);
        position = last.position;
        return;
      } catch {
        // One by one below: the same error, with the events before it applied.
      }
    }
    for (const e of events) {
      state = projection.apply(state, e);
      position = e.position;
    }
  };

  const run = async () => {
    if (!opened) await open();
    let applied = 0;
    for (;;) {
      const batch: StoredEvent[] = [];
      let failure: { error: unknown } | undefined;
      try {
        await readStore(store.readAll({ after: position, limit: batchSize }), (e: StoredEvent) => void batch.push(e));
      } catch (error) {
        failure = { error };
      }
      // What was read (and chains soundly) before a failure is applied all the same: the next catch-up goes on after it.
      const checked = await chains.check(batch);
      applyBatch(checked.events);
      applied += checked.events.length;
      if (checked.error !== undefined) throw checked.error;
      if (failure !== undefined) throw failure.error;
      if (batch.length < batchSize) break;
    }
    if (applied > 0) {
      await snapshots?.save(projection.name, {
        position,
        state: projection.toJSON === undefined ? state : projection.toJSON(state),
      });
      await storeCall(() => store.checkpoints.set(projection.name, position));
    }
    return { applied, position };
  };

  // One catch-up at a time: concurrent callers share the one in flight.
  const catchUp = () => {
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  };

  return {
    get state() {
      return state;
    },
    get position() {
      return position;
    },
    catchUp,
    async rebuild() {
      await running?.catch(() => undefined);
      state = projection.init();
      position = 0;
      opened = true;
      chains.reset();
      return catchUp();
    },
    start({ everyMs, onError }) {
      if (timer !== undefined) return;
      const turn = () => void catchUp().catch((e: unknown) => onError?.(e));
      timer = setInterval(turn, everyMs);
      turn();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
};
