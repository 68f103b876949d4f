import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { memoryStore } from '../store/memoryStore';
import type { OutboxMessage } from '../store/eventStore';
import { delivered, permanentFailure, transientFailure, type DeliveryChannel, type DeliveryResult } from './channel';
import { createDispatcher, type DispatcherOptions } from './dispatcher';

// The memory store stamps rows with the real time, so the test clock starts just after it.
const T0 = Date.now() + 1000;

/** A channel that answers from a script per message id, and records every call. */
const scripted = (
  script: (id: string, attempt: number) => DeliveryResult | Promise<DeliveryResult>,
  name = 'email',
) => {
  const calls: { id: string; key: string; attempt: number }[] = [];
  const channel: DeliveryChannel = {
    name,
    async send(m, ctx) {
      calls.push({ id: m.id, key: ctx.idempotencyKey, attempt: m.attempt });
      return script(m.id, m.attempt);
    },
  };
  return { channel, calls };
};

const setup = async (
  n: number,
  script: (id: string, attempt: number) => DeliveryResult | Promise<DeliveryResult>,
  extra: Partial<DispatcherOptions> = {},
) => {
  const store = memoryStore();
  const rows: OutboxMessage[] = Array.from({ length: n }, (_, i) => ({
    id: `N-${i}`,
    streamId: 'C-1',
    eventId: `E-${i}`,
    channel: 'email',
    payload: { kind: 'notification' },
  }));
  await store.append('C-1', [fakeEvent()], { expectedVersion: 0, outbox: rows });
  let now = T0;
  const { channel, calls } = scripted(script);
  const dispatcher = createDispatcher({
    store,
    channels: [channel],
    clock: () => new Date(now),
    random: () => 0.5,
    worker: 'w1',
    maxAttempts: 4,
    ...extra,
  });
  return { store, dispatcher, calls, advance: (ms: number) => (now += ms), at: () => now };
};

const fakeEvent = () =>
  ({
    id: 'E-0',
    streamId: 'C-1',
    version: 1,
    type: 'NoteAdded',
    schemaVersion: 1,
    data: { text: 'x' },
    actor: { id: 'a', role: 'agent' },
    occurredAt: new Date(T0).toISOString(),
    correlationId: 'x',
    causationId: null,
    commandId: null,
    prevHash: '0',
    hash: '1',
  }) as const;

describe('createDispatcher', () => {
  test('delivers due messages once, with the message id as idempotency key', async () => {
    const { dispatcher, calls, store } = await setup(20, () => delivered());
    expect(await dispatcher.runOnce()).toEqual({ claimed: 20, delivered: 20, retried: 0, dead: 0, lost: 0 });
    expect(calls.every((c) => c.key === c.id && c.attempt === 1)).toBe(true);
    expect((await store.outbox.list({ status: 'delivered' })).length).toBe(20);
    expect((await dispatcher.runOnce()).claimed).toBe(0);
  });

  test('a transient failure is retried after exponential backoff with jitter, then dead-lettered after maxAttempts with the last error', async () => {
    const { dispatcher, store, advance, at } = await setup(1, (_, attempt) =>
      transientFailure(`HTTP 503 (try ${attempt})`),
    );
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      await dispatcher.runOnce();
      const row = (await store.outbox.list())[0];
      if (row?.status !== 'pending') break;
      waits.push(Date.parse(row.availableAt) - at());
      advance(Date.parse(row.availableAt) - at());
    }
    expect(waits).toEqual([750, 1500, 3000]); // base 1 s × 2^(n-1), random 0.5 → 3/4 of it
    const row = (await store.outbox.list())[0];
    expect(row?.status).toBe('dead');
    expect(row?.attempts).toBe(4);
    expect(row?.lastError).toMatch(/gave up after 4 attempts; last: attempt 4 .*HTTP 503 \(try 4\)/);
  });

  test('a permanent failure is dead-lettered at once; Retry-After is respected', async () => {
    const { dispatcher, store } = await setup(2, (id) =>
      id === 'N-0' ? permanentFailure('HTTP 400: bad phone') : transientFailure('HTTP 429', 120_000),
    );
    expect(await dispatcher.runOnce()).toMatchObject({ dead: 1, retried: 1 });
    const [a, b] = await store.outbox.list();
    expect(a?.status).toBe('dead');
    expect(a?.lastError).toContain('HTTP 400: bad phone');
    expect(b?.status).toBe('pending');
    expect(Date.parse(b?.availableAt ?? '') - T0).toBe(120_000);
  });

  test('an invalid notification is dead-lettered with its problem and never reaches a channel', async () => {
    const store = memoryStore();
    const payload = { kind: 'invalid-notification', problem: 'Recipient "x" has no email address; add one' };
    await store.append('C-1', [fakeEvent()], {
      expectedVersion: 0,
      outbox: [{ id: 'N-1', streamId: 'C-1', eventId: 'E-0', channel: 'email', payload }],
    });
    const { channel, calls } = scripted(() => delivered());
    await createDispatcher({ store, channels: [channel] }).runOnce();
    expect(calls).toHaveLength(0);
    const row = (await store.outbox.list())[0];
    expect(row?.status).toBe('dead');
    expect(row?.lastError).toContain('has no email address; add one');
  });

  test('a channel that hangs, throws or is missing counts as a transient failure', async () => {
    const hang = await setup(1, () => new Promise<DeliveryResult>(() => undefined), {
      sendTimeoutMs: 30,
      leaseMs: 10_000,
    });
    expect(await hang.dispatcher.runOnce()).toMatchObject({ retried: 1 });
    expect((await hang.store.outbox.list())[0]?.lastError).toContain('within 30 ms');
    const boom = await setup(1, () => Promise.reject(new Error('socket closed')));
    await boom.dispatcher.runOnce();
    expect((await boom.store.outbox.list())[0]?.lastError).toContain('threw: socket closed');
    const store = memoryStore();
    await store.append('C-2', [{ ...fakeEvent(), streamId: 'C-2' }], {
      expectedVersion: 0,
      outbox: [{ id: 'S', streamId: 'C-2', eventId: 'E', channel: 'sms', payload: {} }],
    });
    await createDispatcher({ store, channels: [scripted(() => delivered()).channel] }).runOnce();
    expect((await store.outbox.list())[0]?.lastError).toContain('no channel "sms" in this dispatcher (it has: email)');
  });

  test('messages claimed by a dispatcher that died are delivered by another once the lease runs out', async () => {
    const { store, calls, dispatcher, advance } = await setup(5, () => delivered(), {
      leaseMs: 60_000,
      sendTimeoutMs: 1000,
      worker: 'w2',
    });
    const dead = await store.outbox.claim({ now: new Date(T0), limit: 3, leaseMs: 60_000, worker: 'crashed' });
    expect(dead).toHaveLength(3);
    expect((await dispatcher.runOnce()).delivered).toBe(2);
    advance(60_001);
    expect((await dispatcher.runOnce()).delivered).toBe(3);
    expect(new Set(calls.map((c) => c.id)).size).toBe(5);
  });

  test('bad options are refused with what to change', () => {
    const store = memoryStore();
    expect(() => createDispatcher({ store, channels: [], concurrency: 0 })).toThrow(
      /concurrency must be a positive number/,
    );
    expect(() => createDispatcher({ store, channels: [], leaseMs: 1000, sendTimeoutMs: 1000 })).toThrow(
      /raise leaseMs/,
    );
  });

  test('start() keeps delivering until stop()', async () => {
    const { dispatcher, calls } = await setup(40, () => delivered(), {
      batchSize: 8,
      pollMs: 5,
      clock: () => new Date(),
    });
    dispatcher.start();
    while (calls.length < 40) await new Promise((r) => setTimeout(r, 5));
    await dispatcher.stop();
    expect(calls).toHaveLength(40);
  });

  test.prop(
    [
      fc.array(fc.array(fc.constantFrom('ok', 'transient', 'permanent', 'throw'), { minLength: 1, maxLength: 6 }), {
        minLength: 1,
        maxLength: 12,
      }),
    ],
    {
      numRuns: 60,
    },
  )('every message ends delivered or dead, never both, and is sent again only after a failure', async (scripts) => {
    const { dispatcher, store, calls, advance } = await setup(scripts.length, (id, attempt) => {
      const step = scripts[Number(id.slice(2))]?.[attempt - 1] ?? 'ok';
      if (step === 'throw') throw new Error('boom');
      return step === 'ok' ? delivered() : step === 'transient' ? transientFailure('503') : permanentFailure('400');
    });
    for (let i = 0; i < 10; i++) {
      await dispatcher.runOnce();
      advance(3_600_000);
    }
    const rows = await store.outbox.list();
    expect(rows.every((r) => r.status === 'delivered' || r.status === 'dead')).toBe(true);
    for (const r of rows) {
      const mine = calls.filter((c) => c.id === r.id);
      const script = scripts[Number(r.id.slice(2))] ?? [];
      const firstFinal = script.findIndex((s) => s === 'ok' || s === 'permanent');
      const expected = Math.min(firstFinal === -1 ? Math.max(script.length + 1, 1) : firstFinal + 1, 4);
      expect(mine.map((c) => c.attempt)).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
    }
  });
});
