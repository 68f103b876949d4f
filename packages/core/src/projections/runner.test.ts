import { describe, expect, test } from 'vitest';
import type { StoredEvent } from '../domain/envelope';
import { isRedressError } from '../errors/redressError';
import type { EventStore, ReadAllOptions } from '../store/eventStore';
import { memoryStore } from '../store/memoryStore';
import { complaintListProjection } from './complaintList';
import { queryComplaints } from './queryComplaints';
import { projectionRunner } from './runner';
import { memorySnapshots } from './snapshots';
import { simulator } from './simulate.testkit';

/** The memory store, counting the events readAll hands out, and failing while `down`. */
const observed = (inner = memoryStore()) => {
  const seen = { events: 0, down: false };
  const store: EventStore = {
    ...inner,
    append: (...a) => inner.append(...a),
    readStream: (...a) => inner.readStream(...a),
    async *readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent> {
      for await (const e of inner.readAll(options)) {
        if (seen.down) throw new Error('connection reset');
        seen.events++;
        yield e;
      }
    },
    outbox: inner.outbox,
    checkpoints: inner.checkpoints,
  };
  return { store, seen, inner };
};

const fill = async (sim: ReturnType<typeof simulator>, n: number) => {
  for (let i = 0; i < n; i++)
    await sim.play({ action: i % 4 === 0 ? 'receive' : 'advance', target: i, hours: 1, pick: i });
};

describe('projection runner', () => {
  test('after downtime a new runner resumes from its snapshot and reads only the events it missed', async () => {
    const { store, seen, inner } = observed();
    const sim = simulator(inner);
    const snapshots = memorySnapshots();
    await fill(sim, 20);
    const first = projectionRunner({ store, projection: complaintListProjection(), snapshots });
    await first.catchUp();
    expect(await store.checkpoints.get('complaint-list')).toBe(inner.size);
    const before = inner.size;
    await fill(sim, 20); // the app was down meanwhile
    seen.events = 0;
    const second = projectionRunner({ store, projection: complaintListProjection(), snapshots });
    const { applied } = await second.catchUp();
    expect(applied).toBe(inner.size - before);
    expect(seen.events).toBe(inner.size - before);
    const scratch = projectionRunner({ store: inner, projection: complaintListProjection() });
    await scratch.catchUp();
    expect(queryComplaints(second.state)).toEqual(queryComplaints(scratch.state));
  });

  test('a snapshot that does not match the checkpoint is not trusted: the runner rebuilds', async () => {
    const { store, seen, inner } = observed();
    const sim = simulator(inner);
    const snapshots = memorySnapshots();
    await fill(sim, 12);
    await projectionRunner({ store, projection: complaintListProjection(), snapshots }).catchUp();
    await store.checkpoints.set('complaint-list', 3);
    seen.events = 0;
    const r = projectionRunner({ store, projection: complaintListProjection(), snapshots });
    await r.catchUp();
    // Going on from position 3 without the state of position 3 would lose complaints: it reads everything again.
    expect(seen.events).toBe(inner.size);
    expect(r.position).toBe(inner.size);
    expect(r.state.size).toBe(3);
  });

  test('a store failure mid-way keeps what was applied; the next catch-up goes on from there', async () => {
    const { store, seen, inner } = observed();
    const sim = simulator(inner);
    await fill(sim, 30);
    const r = projectionRunner({ store, projection: complaintListProjection(), batchSize: 10 });
    let reads = 0;
    const original = store.readAll.bind(store);
    (store as { readAll: EventStore['readAll'] }).readAll = (o) => {
      if (++reads === 3) seen.down = true;
      return original(o);
    };
    const error = await r.catchUp().catch((e: unknown) => e);
    expect(isRedressError(error, 'STORE_UNAVAILABLE')).toBe(true);
    expect(r.position).toBe(20);
    seen.down = false;
    await r.catchUp();
    expect(r.position).toBe(inner.size);
    const scratch = projectionRunner({ store: inner, projection: complaintListProjection() });
    await scratch.rebuild();
    expect(queryComplaints(r.state)).toEqual(queryComplaints(scratch.state));
  });

  test('start polls until stop; concurrent catch-ups share one pass', async () => {
    const inner = memoryStore();
    const sim = simulator(inner);
    const r = projectionRunner({ store: inner, projection: complaintListProjection() });
    const [a, b] = await Promise.all([r.catchUp(), r.catchUp()]);
    expect(a).toBe(b);
    r.start({ everyMs: 5 });
    await fill(sim, 8);
    await new Promise((res) => setTimeout(res, 40));
    await r.stop();
    expect(r.position).toBe(inner.size);
    expect(r.state.size).toBeGreaterThan(0);
  });
});
