import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { StoredEvent } from '../domain/envelope';
import type { Actor } from '../domain/roles';
import { createEngine } from '../engine/createEngine';
import { isRedressError } from '../errors/redressError';
import { memoryStore } from '../store/memoryStore';
import type { EventPublisher } from './eventPublisher';
import { memoryPublisher } from './memoryPublisher';
import { publisher } from './publisher';

const agent: Actor = { id: 'agent-1', role: 'agent' };

const filled = async (complaints: number) => {
  const store = memoryStore();
  const engine = createEngine({ store });
  for (let i = 0; i < complaints; i++)
    await engine.execute({
      type: 'receive',
      actor: agent,
      channel: 'phone',
      category: 'quality',
      complainant: { name: 'N' },
      summary: `s ${i}`,
    });
  const events: StoredEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  return { store, events };
};

const refused = (run: () => unknown, option: string) => {
  try {
    run();
  } catch (e) {
    expect(isRedressError(e, 'VALIDATION') && e.details?.option).toBe(option);
    return;
  }
  throw new Error('not refused');
};

describe('publisher', () => {
  test('bad options are refused with VALIDATION naming the option', async () => {
    const { store } = await filled(0);
    const sink = memoryPublisher();
    refused(() => publisher({ store: { readAll: store.readAll, checkpoints: store.checkpoints }, sink }), 'store');
    refused(() => publisher({ store, sink: {} as EventPublisher }), 'sink');
    refused(() => publisher({ store, sink, batchSize: 0 }), 'batchSize');
    refused(() => publisher({ store, sink, leaseMs: 1.5 }), 'leaseMs');
    refused(() => publisher({ store, sink, name: 'nats\u001b[2K' }), 'name');
    refused(() => publisher({ store, sink, holder: '' }), 'holder');
  });

  test('a name with terminal escapes is shown escaped in the error', async () => {
    const { store } = await filled(0);
    let message = '';
    try {
      publisher({ store, sink: memoryPublisher(), name: 'x\u001b]0;pwned\u0007' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('\\u001b');
    expect(message).not.toMatch(/\u001b|\u0007/);
  });

  test('a publisher that loses its lease mid-batch does not move the checkpoint', async () => {
    const { store } = await filled(2);
    let release: () => void = () => {};
    const slow: EventPublisher = {
      name: 'slow',
      publish: (_events, { signal }) =>
        new Promise<void>((resolve) => {
          release = resolve;
          signal.addEventListener('abort', () => resolve());
        }),
    };
    let now = 0;
    const clock = () => new Date(Date.UTC(2026, 0, 1) + now);
    const first = publisher({ store, sink: slow, name: 'p', holder: 'a', leaseMs: 30, clock });
    const running = first.runOnce();
    await new Promise((r) => setTimeout(r, 5));
    // The lease runs out (the clock jumps past it) and another instance takes it.
    now = 1000;
    expect(await store.leases.acquire('publisher:p', { holder: 'b', now: clock(), ttlMs: 60_000 })).toBe(true);
    await new Promise((r) => setTimeout(r, 40));
    release();
    expect((await running).held).toBe(false);
    expect(await store.checkpoints.get('publisher:p')).toBeNull();
  });

  test('start() backs off on failures and carries on to the end', async () => {
    const { store, events } = await filled(3);
    const sink = memoryPublisher();
    let failures = 2;
    const flaky: EventPublisher = {
      name: 'flaky',
      async publish(batch, context) {
        if (failures-- > 0) throw new Error('broker down');
        await sink.publish(batch, context);
      },
    };
    const errors: number[] = [];
    const p = publisher({
      store,
      sink: flaky,
      batchSize: 2,
      pollMs: 5,
      backoff: { baseMs: 2, maxMs: 4 },
      onError: (_e, retry) => errors.push(retry.attempt),
    });
    p.start();
    while (sink.received.length < events.length) await new Promise((r) => setTimeout(r, 5));
    await p.stop();
    expect(errors).toEqual([1, 2]);
    expect(sink.received.map((e) => e.id)).toEqual(events.map((e) => e.id));
    // Stopped: the lease is free for the next instance.
    expect(await store.leases.acquire('publisher:default', { holder: 'next', now: new Date(), ttlMs: 1 })).toBe(true);
  });

  test.prop([fc.integer({ min: 1, max: 7 }), fc.array(fc.boolean(), { maxLength: 20 })], { numRuns: 40 })(
    'whatever the batch size and whichever attempts fail, the sink ends up with every event once, in global order',
    async (batchSize, failAt) => {
      const { store, events } = await filled(4);
      const sink = memoryPublisher();
      let call = 0;
      const flaky: EventPublisher = {
        name: 'flaky',
        async publish(batch, context) {
          // A failing attempt may still have delivered a part of the batch, as a broker whose ack was lost.
          if (failAt[call++] === true) {
            await sink.publish(batch.slice(0, Math.floor(batch.length / 2)), context);
            throw new Error('no ack');
          }
          await sink.publish(batch, context);
        },
      };
      const p = publisher({ store, sink: flaky, batchSize, holder: 'h' });
      for (let i = 0; i < 100; i++) {
        try {
          const run = await p.catchUp();
          if (run.position === events.at(-1)?.position) break;
        } catch {
          // The next attempt resumes after the checkpoint.
        }
      }
      expect(sink.received.map((e) => e.position)).toEqual(events.map((e) => e.position));
    },
  );
});

describe('publisher in one process', () => {
  test('concurrent runOnce calls share the batch in flight: each event goes to the sink once', async () => {
    const { store, events } = await filled(2);
    const sink = memoryPublisher();
    const p = publisher({ store, sink });
    const runs = await Promise.all([p.runOnce(), p.runOnce(), p.runOnce()]);
    expect(runs.map((r) => r.published)).toEqual([events.length, events.length, events.length]);
    expect(sink.sent).toBe(events.length);
  });
});
